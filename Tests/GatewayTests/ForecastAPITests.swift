import UseCases
import Foundation
import Gateway
import Testing

@Suite struct ForecastAPITests {
    /// Ten days of hourly orders with a daily rhythm, placed in the past, as one NDJSON batch.
    static func history(hours: Int = 240) -> String {
        let now = Date().timeIntervalSince1970
        let start = (Int(now) / 3600 - hours) * 3600
        var lines: [String] = []
        for hour in 0..<hours {
            let time = start + hour * 3600 + 60
            let hourOfDay = (time / 3600 + 8) % 24
            let count = hourOfDay >= 9 && hourOfDay <= 22 ? 3 + (hourOfDay % 3) : 1
            let placed = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time)))
            for index in 0..<count {
                lines.append(#"{"channelOrderId":"H-\#(hour)-\#(index)","order":{"placedAt":"\#(placed)","currency":"CNY","amounts":{"total":"10.00"},"shippingAddress":{"country":"CN","province":"Zhejiang","city":"Hangzhou"},"lines":[{"sku":"SKU-TEA-01","quantity":2,"unitPrice":"5.00"}]}}"#)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func ordersFromTheLogBecomeHourlyForecastsWithIntervalsAndStocking() async throws {
        try await LiveGateway.with { gateway in
            let uploaded = try await gateway.post("/v1/channels/canonical/batches", Self.history(), contentType: "application/x-ndjson")
            #expect(uploaded.status == 200)
            // The core follows the log asynchronously: wait until it has read the whole upload.
            var forecast: [String: Any] = [:]
            for _ in 0..<100 {
                let answer = try await gateway.get("/v1/forecasts?series=total&horizon=72")
                if answer.status == 200 {
                    forecast = try JSON.object(answer)
                    let level = (forecast["points"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + ($1["forecast"] as? Double ?? 0) }
                    if level > 72 { break }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let points = try #require(forecast["points"] as? [[String: Any]])
            #expect(points.count == 72)
            for point in points {
                let values = ["lo95", "lo80", "forecast", "hi80", "hi95"].compactMap { point[$0] as? Double }
                #expect(values.count == 5)
                #expect(values == values.sorted(), "intervals nest around the forecast")
                #expect(values[0] >= 0)
            }
            let total = points.reduce(0.0) { $0 + ($1["forecast"] as? Double ?? 0) }
            #expect(total > 72 * 1.2 && total < 72 * 5, "about the recent hourly level: \(total)")
            let series = (try JSON.object(try await gateway.get("/v1/forecasts")))["series"] as? [String] ?? []
            #expect(Set(series).isSuperset(of: ["total", "channel:canonical", "region:Zhejiang", "sku:SKU-TEA-01"]))
            let stocking = try JSON.object(try await gateway.get("/v1/stocking?sku=SKU-TEA-01&leadTimeHours=24&serviceLevel=0.95"))
            let suggested = try #require(stocking["suggestedStock"] as? Double)
            let demand = try #require(stocking["leadTimeDemand"] as? Double)
            #expect(suggested >= demand)
            #expect(try await gateway.get("/v1/forecasts?series=nothing").status == 404)
            #expect(try await gateway.get("/v1/forecasts?series=total&horizon=0").status == 400)
            #expect(try await gateway.get("/v1/stocking?sku=SKU-TEA-01&serviceLevel=2").status == 400)
        }
    }
}
