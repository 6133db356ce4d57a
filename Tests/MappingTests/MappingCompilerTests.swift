import CanonicalModel
import Foundation
import Mapping
import Testing

@Suite struct MappingCompilerTests {
    func compile(_ text: String) throws(MappingError) -> CompiledMapping {
        var compiler = MappingCompiler(file: "test.yaml")
        return try compiler.compile(text)
    }

    func expectError(_ text: String, line: Int, containing fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try compile(text)
            Issue.record("expected a mapping error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == "test.yaml", sourceLocation: sourceLocation)
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    static let header = "channel: t\nformat: json\nevents:\n  - channelOrderId: $.id\n"

    @Test func errorsPointAtTheLineAndSayWhatIsWrong() {
        expectError(Self.header + "    order:\n      colour: $.c\n", line: 6, containing: "unknown canonical field event.order.colour")
        expectError(Self.header + "    occurredAt: {path: $.t, transforms: [reverse]}\n", line: 5, containing: "unknown transform reverse")
        expectError(Self.header + "    order:\n      placedAt: {path: $.t, as: money}\n", line: 6, containing: "type mismatch")
        expectError(Self.header + "    sequence: {path: $.s, lookup: nowhere}\n", line: 5, containing: "unknown lookup table nowhere")
        expectError("channel: t\nformat: xml\nevents:\n  - channelOrderId: /a/b[\n", line: 4, containing: "invalid XPath")
        expectError(Self.header + "    order: {placedAt: \"$.a..b\"}\n", line: 5, containing: "empty member name")
        expectError("channel: t\nevents: [\n", line: 3, containing: "YAML")
        expectError("channel: Bad Name\nevents:\n  - channelOrderId: $.id\n", line: 1, containing: "lower-case")
        expectError(Self.header + "    order:\n      placedAt: {path: $.t, format: \"dd.MM.yyyy QQ\"}\n", line: 6, containing: "unknown timestamp format")
        expectError(Self.header + "    order:\n      placedAt: {path: $.t, timezone: Mars/Olympus}\n", line: 6, containing: "unknown time zone")
    }

    @Test func aValidMappingCompiles() throws {
        let mapping = try compile(Self.header + "    order:\n      currency: =CNY\n")
        #expect(mapping.channel == "t")
        #expect(mapping.format == .json)
    }
}
