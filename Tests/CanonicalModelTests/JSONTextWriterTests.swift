import CanonicalModel
import Foundation
import Testing

@Suite struct JSONTextWriterTests {
    @Test func stringsAreEscapedAndIntegersWrittenExactly() throws {
        let texts = ["", "plain", "quote \" and \\ back", "line\nbreak\r\ttab", "bell\u{07}\u{1F}end", "\u{00}", "汉字 é 🚚", "\"\\"]
        let integers: [Int64] = [0, 7, -7, 10, 1_000_000, Int64.max, Int64.min]
        var writer = JSONTextWriter()
        writer.beginObject()
        for (index, text) in texts.enumerated() { writer.string("s\(index)", text) }
        for (index, value) in integers.enumerated() { writer.integer("i\(index)", value) }
        writer.endObject()
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(writer.text.utf8)) as? [String: Any])
        for (index, text) in texts.enumerated() { #expect(parsed["s\(index)"] as? String == text) }
        for (index, value) in integers.enumerated() { #expect((parsed["i\(index)"] as? NSNumber)?.int64Value == value) }
        #expect(writer.text.contains(#""s4":"bell\u0007\u001fend""#))
        #expect(JSONString.quoted("a\"b") == #""a\"b""#)
    }
}
