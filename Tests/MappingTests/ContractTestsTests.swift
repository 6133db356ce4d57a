import Foundation
import Mapping
import Testing

/// Runs every channel's contract tests in `contract-tests/` against `mappings/`, as `channelgate contract-test` does.
@Suite struct ContractTestsTests {
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func everyShippedMappingPassesItsContractTests() throws {
        let runner = ContractTestRunner(contractsDirectory: Self.repository + "/contract-tests", mappingsDirectory: Self.repository + "/mappings")
        let channels = runner.channels()
        #expect(channels.count >= 2)
        for channel in channels {
            let result = runner.run(channel: channel)
            #expect(result.cases.count >= 2, "\(channel) needs cases")
            for failure in result.cases where failure.failure != nil {
                Issue.record("\(channel)/\(failure.name): \(failure.failure ?? "")")
            }
        }
        let mapped = try MappingCatalog.load(directory: Self.repository + "/mappings").map(\.channel)
        #expect(Set(mapped).isSubset(of: Set(channels)), "every shipped mapping has contract tests")
    }

    @Test func aWrongExpectationIsReportedWithItsPath() throws {
        let difference = ContractTestRunner.difference(
            try JSONReader().parse(Array(#"{"a":{"b":[1,2]}}"#.utf8)), try JSONReader().parse(Array(#"{"a":{"b":[1,3]}}"#.utf8)), path: "event[0]"
        )
        #expect(difference == "event[0].a.b[1]: expected 2, got 3")
    }
}
