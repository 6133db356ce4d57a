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
        let folder = contractsDirectory + "/" + channel
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
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var cases: [CaseResult] = []
        for file in files where file.contains(".input.") {
            let name = String(file[..<(file.range(of: ".input.")?.lowerBound ?? file.endIndex)])
            cases.append(runCase(name: name, input: folder + "/" + file, folder: folder, mapping: mapping))
        }
        if cases.isEmpty { cases.append(CaseResult(name: channel, failure: "no *.input.* payloads in \(folder)")) }
        return ChannelResult(channel: channel, cases: cases)
    }

    func runCase(name: String, input: String, folder: String, mapping: CompiledMapping) -> CaseResult {
        guard let bytes = FileManager.default.contents(atPath: input) else { return CaseResult(name: name, failure: "cannot read \(input)") }
        let expectedEvents = folder + "/" + name + ".expected.ndjson"
        let expectedError = folder + "/" + name + ".error.json"
        let outcome: Result<DecodedMessage, PayloadError>
        do {
            outcome = .success(try mapping.apply(Array(bytes)))
        } catch {
            outcome = .failure(error)
        }
        if let errorText = try? String(contentsOfFile: expectedError, encoding: .utf8) {
            guard let expected = try? JSONReader().parse(Array(errorText.utf8)), let code = expected["code"]?.scalarText else {
                return CaseResult(name: name, failure: "\(expectedError) must be {\"code\": ..., \"field\": ...}")
            }
            switch outcome {
            case .success:
                return CaseResult(name: name, failure: "expected error \(code), but the payload mapped")
            case .failure(let error):
                if error.code != code { return CaseResult(name: name, failure: "expected error \(code), got \(error)") }
                if let field = expected["field"]?.scalarText, field != error.field {
                    return CaseResult(name: name, failure: "expected error at \(field), got \(error.field ?? "no field"): \(error.message)")
                }
                return CaseResult(name: name, failure: nil)
            }
        }
        guard let expectedText = try? String(contentsOfFile: expectedEvents, encoding: .utf8) else {
            return CaseResult(name: name, failure: "missing \(expectedEvents) (or \(name).error.json)")
        }
        switch outcome {
        case .failure(let error):
            return CaseResult(name: name, failure: "mapping failed: \(error)")
        case .success(let message):
            let actual = MappingPreview.lines(message, channel: mapping.channel)
            let expected = expectedText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard actual.count == expected.count else {
                return CaseResult(name: name, failure: "expected \(expected.count) events, got \(actual.count):\n" + actual.joined(separator: "\n"))
            }
            for (index, (want, got)) in zip(expected, actual).enumerated() {
                guard let wantValue = try? JSONReader().parse(Array(want.utf8)) else {
                    return CaseResult(name: name, failure: "\(expectedEvents) line \(index + 1) is not JSON")
                }
                let gotValue = (try? JSONReader().parse(Array(got.utf8))) ?? .null
                if let difference = Self.difference(wantValue, gotValue, path: "event[\(index)]") {
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
