import ArgumentParser
import CanonicalModel
import Foundation
import Mapping

/// `channelgate mapping check|apply`: validate a mapping file, or run it on a payload.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Check mapping files and try them on payloads.",
        subcommands: [Check.self, Apply.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compile a mapping; print file:line:column errors.")

        @Argument(help: "The mapping YAML file.")
        var file: String

        func run() throws {
            do {
                let mapping = try MappingCompiler.compile(contentsOf: file)
                print("\(file): ok (channel \(mapping.channel), \(mapping.format.rawValue))")
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a mapping to a payload; print one canonical event per line.")

        @Argument(help: "The mapping YAML file.")
        var file: String

        @Argument(help: "The payload file (JSON or XML, as the mapping declares).")
        var payload: String

        func run() throws {
            let mapping: CompiledMapping
            do {
                mapping = try MappingCompiler.compile(contentsOf: file)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
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
