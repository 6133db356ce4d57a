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
            print("\(file): ok (channel \(mapping.channel), \(mapping.format.rawValue))")
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

        func run() async throws {
            let mapping = try MappingCommand.compile(file)
            let response = try await CurlHTTPClient().send(
                "POST", server + "/v1/mappings/" + mapping.channel,
                headers: ["Content-Type": "application/yaml", "X-Author": author, "Authorization": "Bearer " + token], body: Array(mapping.source.utf8)
            )
            print(response.text)
            if response.status != 201 { throw ExitCode(1) }
        }
    }
}
