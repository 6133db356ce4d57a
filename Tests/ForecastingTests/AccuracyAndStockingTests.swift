import Testing
@testable import Forecasting

@Suite("Accuracy tracking and stocking")
struct AccuracyAndStockingTests {
    private func point(hour: Int64, value: Double, halfWidth95: Double) -> ForecastPoint {
        ForecastPoint(
            hour: hour, value: value, lower80: value - halfWidth95 / 2, upper80: value + halfWidth95 / 2,
            lower95: value - halfWidth95, upper95: value + halfWidth95
        )
    }

    @Test("tracker scores closed hours against what was forecast: WAPE, MASE, coverage")
    func trackerScores() throws {
        var tracker = AccuracyTracker(maseScale: 5)
        let forecast = Forecast(
            method: .seasonalNaiveDaily,
            points: [point(hour: 3600, value: 10, halfWidth95: 4), point(hour: 7200, value: 20, halfWidth95: 4)]
        )
        tracker.expect(forecast)
        #expect(tracker.close(hour: 0, actual: 3) == nil)
        #expect(tracker.close(hour: 3600, actual: 12)?.forecast.value == 10)
        #expect(tracker.close(hour: 7200, actual: 30) != nil)
        let total = tracker.total
        #expect(total.count == 2)
        #expect(abs((total.wape ?? 0) - 12.0 / 42.0) < 1e-12)
        #expect(abs((total.mase ?? 0) - (2.0 / 5 + 10.0 / 5) / 2) < 1e-12)
        #expect(total.coverage95 == 0.5)
        #expect(total.coverage80 == 0.5)
        #expect(tracker.recent(hours: 1).count == 1)
    }

    @Test("MASE scale is the weekly seasonal naive's mean absolute error")
    func maseScale() {
        let history = (0..<336).map { Double($0 < 168 ? 10 : 14) }
        #expect(AccuracyMetrics.maseScale(history: history) == 4)
        #expect(AccuracyMetrics.maseScale(history: Array(history.prefix(100))) == nil)
    }

    @Test("normal quantiles match tables")
    func normalQuantiles() {
        #expect(abs(NormalQuantile.z(0.95) - 1.644854) < 1e-5)
        #expect(abs(NormalQuantile.z(0.975) - 1.959964) < 1e-5)
        #expect(abs(NormalQuantile.z(0.5)) < 1e-9)
    }

    @Test("stock = lead-time demand + z·σ·√L")
    func stockingFormula() {
        let points = (0..<10).map { point(hour: Int64($0) * 3600, value: 5, halfWidth95: 3.92) }
        let suggestion = StockingSuggestion(forecast: Forecast(method: .seasonalNaiveDaily, points: points), leadTimeHours: 4, serviceLevel: 0.95)
        #expect(suggestion.leadTimeDemand == 20)
        #expect(abs(suggestion.safetyStock - 1.644854 * 2 * 2) < 1e-4)
        #expect(suggestion.suggestedStock == 27)
    }
}
