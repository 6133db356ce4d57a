import Testing
@testable import Forecasting

@Suite("Forecast book fed by events")
struct ForecastBookTests {
    @Test("events become hourly counts, hours close, models update and accuracy is tracked")
    func feedsFromEvents() async throws {
        let series = SyntheticDemand.series(weeks: 5, noise: 1.0, seed: 31)
        let book = ForecastBook(refitIntervalHours: 168)
        await book.load(series: "total", history: series.prefix(series.count - 48))
        for index in (series.count - 48)..<series.count {
            let hour = series.hour(at: index)
            let orders = Int(series.values[index])
            for order in 0..<orders { await book.record(series: "total", at: hour + Int64(order * 3599 / max(orders, 1))) }
        }
        await book.closeHours(before: series.endHour)
        let model = try #require(await book.model(series: "total"))
        #expect(model.nextHour == series.endHour)
        #expect(model.updateCount == 48)
        let tracker = try #require(await book.accuracy(series: "total"))
        #expect(tracker.total.count == 48)
        let wape = try #require(tracker.total.wape)
        #expect(wape < 0.2)
        #expect(tracker.maseScale != nil)
        let forecast = try #require(await book.forecast(series: "total", horizon: 72))
        #expect(forecast.points.count == 72)
        #expect(forecast.points[0].hour == series.endHour)
        let stock = try #require(await book.stocking(series: "total", leadTimeHours: 12, serviceLevel: 0.95))
        #expect(stock.suggestedStock > stock.leadTimeDemand)
        #expect(await book.seriesNames == ["total"])
    }

    @Test("a new series starts from its first event and is fitted once it has a day")
    func startsFromEvents() async throws {
        let book = ForecastBook()
        let start = SyntheticDemand.start
        for hour in 0..<30 { await book.record(series: "pos/store-1", count: Double(hour % 24), at: start + Int64(hour) * 3600) }
        #expect(await book.forecast(series: "unknown") == nil)
        let forecast = try #require(await book.forecast(series: "pos/store-1", horizon: 24))
        #expect(forecast.points[0].hour == start + 29 * 3600)
        #expect(forecast.method == .seasonalNaiveDaily)
    }

    @Test("orders placed before a series' first hour extend it back instead of being dropped")
    func backfilledHoursExtendTheSeries() async throws {
        let book = ForecastBook()
        let start = SyntheticDemand.start
        await book.record(series: "total", at: start + 100 * 3600)
        await book.record(series: "total", count: 3, at: start + 52 * 3600 + 60)
        await book.closeHours(before: start + 101 * 3600)
        let history = try #require(await book.history(series: "total"))
        #expect(history.startHour == start + 52 * 3600)
        #expect(history.values.first == 3)
        #expect(history.values.last == 1)
        #expect(history.values.reduce(0, +) == 4)
        // Beyond what a fit keeps, a backfill is ignored rather than growing the series without bound.
        await book.record(series: "total", count: 5, at: start - 400 * 24 * 3600)
        #expect(await book.history(series: "total")?.startHour == start + 52 * 3600)
    }
}
