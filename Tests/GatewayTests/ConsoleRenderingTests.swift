import Console
import Forecasting
import Foundation
import Storage
import TestSupport
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

/// The forecast chart as SVG text, in the console and in `channelgate forecast --plot`.
@Suite struct ForecastChartTests {
    @Test func theChartDrawsActualsForecastBothBandsAndPromotions() throws {
        let start: Int64 = 1_795_996_800
        let actuals = HourlySeries(startHour: start, values: (0..<48).map { Double($0 % 24) })
        var points: [ForecastPoint] = []
        for hour in 0..<24 {
            let value = Double(hour)
            let time = start + Int64(48 + hour) * 3600
            points.append(ForecastPoint(hour: time, value: value, lower80: value - 1, upper80: value + 1, lower95: value - 2, upper95: value + 2))
        }
        let promotion = PromotionPeriod(startHour: start + 10 * 3600, endHour: start + 20 * 3600, label: "Singles <Day>")
        let svg = ForecastChart.svg(title: "total & more", actuals: actuals, forecast: points, promotions: [promotion])
        #expect(svg.hasPrefix("<svg class=\"chart\""))
        for part in ["class=\"band95\"", "class=\"band80\"", "class=\"forecast\"", "class=\"actual\"", "class=\"promo\"", "class=\"now\""] {
            #expect(svg.contains(part), "the chart lacks \(part)")
        }
        #expect(svg.contains("Singles &lt;Day&gt;"))
        #expect(svg.contains("total &amp; more"))
        let forecastLine = try #require(svg.firstMatch(of: /class="forecast" points="([^"]+)"/)?.output.1)
        #expect(forecastLine.split(separator: " ").count == 24)
        let standalone = ForecastChart.svg(title: "t", actuals: actuals, forecast: points, standalone: true)
        #expect(standalone.hasPrefix("<?xml"))
        #expect(standalone.contains("<style>"), "a file of its own carries its styles")
    }

    @Test func theForecastCommandPlotsEverySeriesAndExplainsItsModel() throws {
        let directory = NSTemporaryDirectory() + "channelgate-plot-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var csv = "series,timestamp,value\n"
        let start = Date(timeIntervalSince1970: 1_795_996_800)
        let formatter = ISO8601DateFormatter()
        for name in ["total", "sku:TEA"] {
            for hour in 0..<(24 * 21) {
                let value = 10 + 8 * sin(Double(hour % 24) / 24 * 2 * .pi)
                csv += "\(name),\(formatter.string(from: start.addingTimeInterval(Double(hour) * 3600))),\(String(format: "%.1f", value))\n"
            }
        }
        try csv.write(toFile: directory + "/series.csv", atomically: true, encoding: .utf8)
        let status = try ChildProcess.run(
            DurabilityTests.binary, ["forecast", "--input", directory + "/series.csv", "--horizon", "72", "--plot", directory + "/plot.svg", "--explain"]
        )
        #expect(status == 0)
        for name in ["plot-total.svg", "plot-sku-TEA.svg"] {
            let svg = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(svg.contains("class=\"band95\"") && svg.contains("class=\"actual\""), "\(name) lacks the bands or the actuals")
        }
    }
}
