import CanonicalModel
import Foundation

/// Runs contract tests: for each channel folder, every `*.input.*` payload must map to its `*.expected.ndjson`
/// events, or fail with the code (and field) in its `*.error.json`.
public struct ContractTestRunner {
    /// The outcome of one payload.
    public struct CaseResult: Sendable {
        public let name: String
        /// Nil when it passed; otherwise what differs.
        public let failure: String?
    }

    /// The outcome of one channel folder.
    public struct ChannelResult: Sendable {
        public let channel: String
        public let cases: [CaseResult]
        public var passed: Int { cases.filter { $0.failure == nil }.count }
        public var failed: Int { cases.count - passed }
    }

    public let contractsDirectory: String
    public let mappingsDirectory: String

    public init(contractsDirectory: String, mappingsDirectory: String) {
        self.contractsDirectory = contractsDirectory
        self.mappingsDirectory = mappingsDirectory
    }

    /// The channels that have a contract folder, sorted.
    public func channels() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: contractsDirectory)) ?? []
        return entries.filter { entry in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: contractsDirectory + "/" + entry, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// Runs one channel's folder with the mapping `mappings/<channel>.yaml` (or the given one).
    public func run(channel: String, mapping given: CompiledMapping? = nil) -> ChannelResult {
        let mapping: CompiledMapping
        if let given {
            mapping = given
        } else {
            do {
                mapping = try MappingCompiler.compile(contentsOf: mappingsDirectory + "/" + channel + ".yaml")
            } catch {
                return ChannelResult(channel: channel, cases: [CaseResult(name: "\(channel).yaml", failure: "\(error)")])
            }
        }
        let folder = contractsDirectory + "/" + channel
        var cases: [CaseResult] = []
        for loaded in Self.cases(inFolder: folder) {
            switch loaded {
            case .ready(let testCase): cases.append(evaluate(testCase, with: mapping))
            case .unreadable(let problem): cases.append(problem)
            }
        }
        if cases.isEmpty { cases.append(CaseResult(name: channel, failure: "no *.input.* payloads in \(folder)")) }
        return ChannelResult(channel: channel, cases: cases)
    }

    /// Runs `cases` (carried with a publish, or stored with a version) with `mapping`.
    public func run(_ cases: [ContractTestCase], channel: String, mapping: CompiledMapping) -> ChannelResult {
        ChannelResult(channel: channel, cases: cases.map { evaluate($0, with: mapping) })
    }

    /// Why a folder's contract tests cannot be sent.
    public struct UnreadableCase: Error, CustomStringConvertible {
        public let description: String
    }

    /// The contract tests of `folder`, or the first that cannot be read.
    public static func readCases(inFolder folder: String) throws(UnreadableCase) -> [ContractTestCase] {
        let loaded = cases(inFolder: folder)
        guard !loaded.isEmpty else { throw UnreadableCase(description: "no *.input.* payloads in \(folder)") }
        return try loaded.map { item throws(UnreadableCase) in
            switch item {
            case .ready(let testCase): return testCase
            case .unreadable(let problem): throw UnreadableCase(description: "\(problem.name): \(problem.failure ?? "unreadable")")
            }
        }
    }

    /// A contract test read from a folder, or why it cannot be (as a failed case).
    enum LoadedCase {
        case ready(ContractTestCase)
        case unreadable(CaseResult)
    }

    /// The contract tests of a folder, sorted by name.
    static func cases(inFolder folder: String) -> [LoadedCase] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return files.filter { $0.contains(".input.") }.map { file in
            let name = String(file[..<(file.range(of: ".input.")?.lowerBound ?? file.endIndex)])
            let input = folder + "/" + file
            guard let bytes = FileManager.default.contents(atPath: input) else { return .unreadable(CaseResult(name: name, failure: "cannot read \(input)")) }
            let expectedEvents = folder + "/" + name + ".expected.ndjson"
            let expectedError = folder + "/" + name + ".error.json"
            if let errorText = try? String(contentsOfFile: expectedError, encoding: .utf8) {
                guard let expected = try? JSONReader().parse(Array(errorText.utf8)), let code = expected["code"]?.scalarText else {
                    return .unreadable(CaseResult(name: name, failure: "\(expectedError) must be {\"code\": ..., \"field\": ...}"))
                }
                return .ready(ContractTestCase(name: name, input: Array(bytes), expectation: .error(code: code, field: expected["field"]?.scalarText)))
            }
            guard let expectedText = try? String(contentsOfFile: expectedEvents, encoding: .utf8) else {
                return .unreadable(CaseResult(name: name, failure: "missing \(expectedEvents) (or \(name).error.json)"))
            }
            var events: [JSONValue] = []
            for (index, line) in expectedText.split(whereSeparator: \.isNewline).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let value = try? JSONReader().parse(Array(line.utf8)) else {
                    return .unreadable(CaseResult(name: name, failure: "\(expectedEvents) line \(index + 1) is not JSON"))
                }
                events.append(value)
            }
            return .ready(ContractTestCase(name: name, input: Array(bytes), expectation: .events(events)))
        }
    }

    /// Applies `mapping` to the case's payload and compares the outcome with what the case expects.
    public func evaluate(_ testCase: ContractTestCase, with mapping: CompiledMapping) -> CaseResult {
        let name = testCase.name
        let outcome: Result<DecodedMessage, PayloadError>
        do {
            outcome = .success(try mapping.apply(testCase.input))
        } catch {
            outcome = .failure(error)
        }
        switch (testCase.expectation, outcome) {
        case (.error(let code, _), .success):
            return CaseResult(name: name, failure: "expected error \(code), but the payload mapped")
        case (.error(let code, let field), .failure(let error)):
            if error.code != code { return CaseResult(name: name, failure: "expected error \(code), got \(error)") }
            if let field, field != error.field {
                return CaseResult(name: name, failure: "expected error at \(field), got \(error.field ?? "no field"): \(error.message)")
            }
            return CaseResult(name: name, failure: nil)
        case (.events, .failure(let error)):
            return CaseResult(name: name, failure: "mapping failed: \(error)")
        case (.events(let expected), .success(let message)):
            let actual = MappingPreview.lines(message, channel: mapping.channel)
            guard actual.count == expected.count else {
                return CaseResult(name: name, failure: "expected \(expected.count) events, got \(actual.count):\n" + actual.joined(separator: "\n"))
            }
            for (index, (want, got)) in zip(expected, actual).enumerated() {
                let gotValue = (try? JSONReader().parse(Array(got.utf8))) ?? .null
                if let difference = Self.difference(want, gotValue, path: "event[\(index)]") {
                    return CaseResult(name: name, failure: difference)
                }
            }
            return CaseResult(name: name, failure: nil)
        }
    }

    /// The first place two JSON values differ, as `path: expected X, got Y`; nil when equal.
    public static func difference(_ expected: JSONValue, _ actual: JSONValue, path: String) -> String? {
        switch (expected, actual) {
        case (.object(let want), .object(let got)):
            for key in Set(want.keys).union(got.keys).sorted() {
                if let found = difference(want[key] ?? .null, got[key] ?? .null, path: "\(path).\(key)") { return found }
            }
            return nil
        case (.array(let want), .array(let got)):
            for index in 0..<max(want.count, got.count) {
                let left = index < want.count ? want[index] : .null
                let right = index < got.count ? got[index] : .null
                if let found = difference(left, right, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.number(let want), .number(let got)):
            return Decimal(string: want) == Decimal(string: got) ? nil : "\(path): expected \(want), got \(got)"
        default:
            return expected == actual ? nil : "\(path): expected \(expected.jsonText), got \(actual.jsonText)"
        }
    }
}
