import Adapters
import ArgumentParser
import CanonicalModel
import Foundation
import Mapping

/// `channelgate mapping check|apply`: validate a mapping file, or run it on a payload.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Check mapping files and try them on payloads.",
        subcommands: [Check.self, Apply.self, Publish.self]
    )

    /// The compiled mapping, or exit 1 after printing `file:line:column: message`.
    static func compile(_ file: String) throws -> CompiledMapping {
        do {
            return try MappingCompiler.compile(contentsOf: file)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compile a mapping; print file:line:column errors.")

        @Argument(help: "The mapping YAML file.")
        var file: String

        func run() throws {
            let mapping = try MappingCommand.compile(file)
            for warning in mapping.warnings { print("warning: \(warning)") }
            let path = mapping.format == .xml ? (mapping.readsWithoutDOM ? ", element-tree fast path" : ", DOM and XPath (some selector is not a plain path)") : ""
            print("\(file): ok (channel \(mapping.channel), \(mapping.format.rawValue)\(path))\(mapping.warnings.isEmpty ? "" : ", \(mapping.warnings.count) warning(s)")")
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a mapping to a payload; print one canonical event per line.")

        @Argument(help: "The mapping YAML file.")
        var file: String

        @Argument(help: "The payload file (JSON or XML, as the mapping declares).")
        var payload: String

        func run() throws {
            let mapping = try MappingCommand.compile(file)
            guard let data = FileManager.default.contents(atPath: payload) else {
                FileHandle.standardError.write(Data("cannot read \(payload)\n".utf8))
                throw ExitCode(1)
            }
            do {
                let message = try mapping.apply(Array(data))
                for line in MappingPreview.lines(message, channel: mapping.channel) { print(line) }
                if let reason = message.skipped { FileHandle.standardError.write(Data("\(payload): skipped, no events: \(reason)\n".utf8)) }
            } catch {
                FileHandle.standardError.write(Data("\(payload): \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}

extension MappingCommand {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a mapping to a running gateway; it goes live only if it compiles and its contract tests pass."
        )

        @Argument(help: "The mapping YAML file.")
        var file: String

        @Option(name: .long, help: "The gateway's base URL.")
        var server = "http://127.0.0.1:8080"

        @Option(name: .long, help: "Who publishes (kept with the version).")
        var author = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        @Option(name: .long, help: "A bearer token with the admin scope (default: $CHANNELGATE_TOKEN).")
        var token = ProcessInfo.processInfo.environment["CHANNELGATE_TOKEN"] ?? ""

        /// The JSON body that carries contract tests with the mapping.
        struct Submission: Encodable {
            let mapping: String
            let contractTests: [ContractTestCase]
        }

        @Option(name: .long, help: "A folder of contract tests (NAME.input.* with NAME.expected.ndjson or NAME.error.json) sent with the mapping; needed for a new channel.")
        var contractTests: String?

        func run() async throws {
            let mapping = try MappingCommand.compile(file)
            var body = Array(mapping.source.utf8)
            var contentType = "application/yaml"
            if let folder = contractTests {
                let cases = try ContractTestRunner.readCases(inFolder: folder)
                print("carrying \(cases.count) contract test(s) from \(folder)")
                body = Array(try JSONEncoder().encode(Submission(mapping: mapping.source, contractTests: cases)))
                contentType = "application/json"
            }
            let response = try await CurlHTTPClient().send(
                "POST", server + "/v1/mappings/" + mapping.channel,
                headers: ["Content-Type": contentType, "X-Author": author, "Authorization": "Bearer " + token], body: body
            )
            guard response.status == 201, let record = try? JSONReader().parse(Array(response.text.utf8)) else {
                print("not published (HTTP \(response.status)): \(response.text)")
                throw ExitCode(1)
            }
            let version = record["version"]?.scalarText ?? "?"
            let created = record["createdChannel"]?.scalarText == "true"
            let passed = record["contractTestsPassed"]?.scalarText ?? "?"
            let changed = (record["diff"]?.scalarText ?? "").split(separator: "\n").filter { $0.hasPrefix("+ ") || $0.hasPrefix("- ") }.count
            print("\(mapping.channel)@v\(version) is live\(created ? " (new channel)" : ""): \(passed) contract test(s) passed, \(changed) line(s) changed")
        }
    }
}
