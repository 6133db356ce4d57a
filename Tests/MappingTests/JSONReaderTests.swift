import CanonicalModel
import Mapping
import Testing

@Suite struct JSONReaderTests {
    let reader = JSONReader()

    func parse(_ text: String) throws(PayloadError) -> JSONValue {
        try reader.parse(Array(text.utf8))
    }

    @Test func keepsNumbersAsWritten() throws {
        let value = try parse(#"{"a": 129.00, "b": -0.5e3, "c": [1, true, null, "x"]}"#)
        #expect(value["a"] == .number("129.00"))
        #expect(value["b"] == .number("-0.5e3"))
        #expect(value["c"] == .array([.number("1"), .bool(true), .null, .string("x")]))
    }

    @Test func anObjectKeepsEveryMemberAndARepeatedNameItsLastValue() throws {
        let members = (0..<40).map { #""k\#($0)": \#($0)"# }.joined(separator: ",")
        let value = try parse("{" + members + #", "k7": "again"}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.count == 40)
        #expect(object["k39"] == .number("39"))
        #expect(object["k7"] == .string("again"), "the last of a repeated name wins")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"{"s": "a\"b\\c\n\u4e2d\ud83d\ude00/"}"#)
        #expect(value["s"] == .string("a\"b\\c\n中😀/"))
    }

    @Test func refusesDeepNestingWithoutRecursingForever() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: PayloadError.self) { try parse(deep) }
        do {
            _ = try parse(deep)
        } catch {
            #expect(error.code == "json_too_deep")
            #expect(error.kind == .malformed)
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try parse("{\n  \"a\": 1,\n  \"b\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "invalid_json")
            #expect(error.field == "line 3, column 8")
        }
    }

    @Test func refusesInvalidUTF8InStrings() {
        var bytes = Array(#"{"name": "ab"}"#.utf8)
        bytes.insert(0xFF, at: 11)
        do {
            _ = try reader.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "invalid_utf8")
        }
    }

    @Test(arguments: ["", "   ", "{", "[1,]", "{\"a\" 1}", "01", "1 2", "\"unterminated", "{\"a\":1}}", "nul", "[\"\u{01}\"]"])
    func refusesMalformedDocuments(text: String) {
        #expect(throws: PayloadError.self) { try parse(text) }
    }

    @Test func emptyBodyHasItsOwnCode() {
        do {
            _ = try parse("  ")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "empty_body")
        }
    }

    @Test func enforcesTheSizeLimit() {
        let small = JSONReader(limits: .init(maxDepth: 8, maxBytes: 10))
        do {
            _ = try small.parse(Array("[1,2,3,4,5,6,7]".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "payload_too_large")
        }
    }
}
