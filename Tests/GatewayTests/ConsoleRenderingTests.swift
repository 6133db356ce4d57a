import Console
import Foundation
import Storage
import Testing

/// The console's views as text: payload marking, diffs, and escaping of whatever a channel sent.
@Suite struct ConsoleRenderingTests {
    @Test func theFailingPayloadPathIsMarkedInJSONAndXML() {
        let json = PayloadView.html(Array(#"{"order":{"status":60,"items":[{"sku":"A"},{"sku":"B"}]}}"#.utf8), faultPath: "$.order.items[1].sku")
        #expect(json.contains(#"<mark class="fault">&quot;B&quot;</mark>"#))
        #expect(!json.contains(#"<mark class="fault">&quot;A&quot;</mark>"#))
        let missing = PayloadView.html(Array(#"{"order":{"status":60}}"#.utf8), faultPath: "order.order_no")
        #expect(missing.contains("(missing order.order_no)"))
        let xml = PayloadView.html(Array("<Order>\n<ID>1</ID>\n<Currency>XBT</Currency>\n</Order>".utf8), faultPath: "/Order/Currency")
        #expect(xml.contains(#"<mark class="fault">&lt;Currency&gt;XBT&lt;/Currency&gt;</mark>"#))
        let hostile = PayloadView.html(Array(#"{"note":"<script>alert(1)</script>"}"#.utf8), faultPath: nil)
        #expect(!hostile.contains("<script>"))
    }

    @Test func aDiffMarksChangesAndFoldsLongUnchangedRuns() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 10", with: "line <10>")
        let html = DiffView.html(from: old, to: new, context: 2)
        #expect(html.contains(#"<span class="del">- line 10</span>"#))
        #expect(html.contains(#"<span class="add">+ line &lt;10&gt;</span>"#))
        #expect(!html.contains("line 3<"), "lines far from the change are folded")
        #expect(html.contains("…"))
        #expect(DiffView.html(from: "same", to: "same").contains("(no change)"))
    }

    @Test func whatAChannelSentIsEscapedInEveryPage() throws {
        let renderer = try ConsoleRenderer()
        let letter = DeadLetter(
            id: 7, channel: "shop", messageKey: "k<1>", receivedAt: "2026-12-06T00:00:00Z", contentType: "application/json",
            errorCode: "unknown_code", errorMessage: "<script>alert(1)</script> is not known (payload path $.order.status)", errorField: "order.status",
            status: .open, replayCount: 0, body: Array(#"{"order":{"status":"<img src=x onerror=alert(1)>"}}"#.utf8)
        )
        let chrome = ConsoleChrome(title: "Dead letter 7", section: .deadLetters, who: "demo", csrf: "token-1")
        let html = renderer.page("dead-letter", DeadLetterPage(letter: letter, showPayload: true, mapped: true, mayReplay: true), chrome: chrome)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains(#"<mark class="fault">&quot;&lt;img src=x onerror=alert(1)&gt;&quot;</mark>"#))
        #expect(html.contains(#"name="csrf" value="token-1""#), "every form carries the session's token")
        #expect(html.contains(#"id="nav-dead-letters" href="/console/dead-letters" class="current""#))
        #expect(html.contains("/console/mappings/shop?deadLetter=7"))
        let hidden = renderer.page("dead-letter", DeadLetterPage(letter: letter, showPayload: false, mapped: true, mayReplay: false), chrome: chrome)
        #expect(!hidden.contains("onerror"), "without pii:read the payload is not sent at all")
        #expect(!hidden.contains("id=\"replay\""))
    }
}
