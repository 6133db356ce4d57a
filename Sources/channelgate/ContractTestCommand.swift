import ArgumentParser
import Foundation
import Mapping

/// `channelgate contract-test [DIR]`: runs every channel's contract tests against its mapping.
struct ContractTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contract-test", abstract: "Run the channels' contract tests.")

    @Argument(help: "The contract-tests folder.")
    var directory = "contract-tests"

    @Option(name: .long, help: "The folder with the mappings.")
    var mappings = "mappings"

    func run() throws {
        let runner = ContractTestRunner(contractsDirectory: directory, mappingsDirectory: mappings)
        var failed = 0
        var passed = 0
        for channel in runner.channels() {
            let result = runner.run(channel: channel)
            print("\(channel): \(result.passed) passed, \(result.failed) failed")
            for failure in result.cases where failure.failure != nil {
                print("  ✘ \(failure.name): \(failure.failure ?? "")")
            }
            passed += result.passed
            failed += result.failed
        }
        print("contract tests: \(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
