import Testing
@testable import Forecasting

@Suite("Model selection and seasonality")
struct ModelSelectionTests {
    @Test("the selected model recovers daily and weekly seasonality and beats seasonal naive")
    func recoversSeasonality() throws {
        let series = SyntheticDemand.series(weeks: 10, noise: 1.5)
        let model = SeriesModel.fit(series)
        #expect(model.method != .seasonalNaiveDaily)
        #expect(model.method != .seasonalNaiveWeekly)
        let truth = SyntheticDemand.truth(after: series, horizon: 168)
        let forecast = model.pointForecast(horizon: 168)
        let weeklyNaive = SeasonalProfileForecasts.seasonalNaive(series.values[...], period: 168, horizon: 168)
        let modelError = SyntheticDemand.meanAbsoluteDifference(forecast, truth)
        let naiveError = SyntheticDemand.meanAbsoluteDifference(weeklyNaive, truth)
        // Noise has sd ≈ 1.5·√100 = 15 per hour; the fitted profile should sit far closer to the truth than one noisy week.
        #expect(modelError < 0.6 * naiveError)
        #expect(modelError / (truth.reduce(0, +) / 168) < 0.06)
        // Weekend hours are 1.5× weekday hours in the truth; the forecast must show it.
        let weekdayNoon = forecast[indexOf(dayOfWeek: 2, hour: 12, after: series)]
        let saturdayNoon = forecast[indexOf(dayOfWeek: 5, hour: 12, after: series)]
        #expect(abs(saturdayNoon / weekdayNoon - 1.5) < 0.1)
    }

    @Test("rolling-origin backtest: selected model beats both seasonal-naive baselines")
    func backtestBeatsNaive() throws {
        let series = SyntheticDemand.series(weeks: 8, noise: 1.5, seed: 7)
        let result = try #require(RollingOriginBacktest.run(series: series, origins: 4, horizon: 72))
        #expect(result.origins == 4)
        let wapes = result.methods.map { $0.metrics.wape ?? 1 }
        #expect(wapes[0] < wapes[1])
        #expect(wapes[0] < wapes[2] * 0.85)
        let mase = try #require(result.methods[0].metrics.mase)
        #expect(mase < 0.85)
    }

    @Test("a backtest scoring candidates reports every candidate once, best WAPE first, and its CSV rows; without it none")
    func backtestCandidates() throws {
        let series = SyntheticDemand.series(weeks: 8, noise: 1.5, seed: 7)
        let plain = try #require(RollingOriginBacktest.run(series: series, origins: 3, horizon: 72))
        #expect(plain.candidates.isEmpty)
        let scored = try #require(RollingOriginBacktest.run(series: series, origins: 3, horizon: 72, scoringCandidates: true))
        let names = scored.candidates.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.contains("dshw") && names.contains("profile-12-level-1") && names.contains("seasonal-naive-168"))
        let wapes = scored.candidates.map { $0.metrics.wape ?? .infinity }
        #expect(wapes == wapes.sorted())
        #expect(scored.methods == plain.methods)
        var writer = ForecastCSVWriter(named: false)
        writer.writeBacktest(scored, series: "")
        #expect(writer.text.split(separator: "\n").filter { $0.hasPrefix("candidate:") }.count == names.count)
    }

    @Test("95 % intervals cover most hours of a stable series")
    func intervalCoverage() throws {
        let series = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 11)
        let result = try #require(RollingOriginBacktest.run(series: series, origins: 4, horizon: 72))
        let coverage95 = try #require(result.methods[0].metrics.coverage95)
        let coverage80 = try #require(result.methods[0].metrics.coverage80)
        #expect(coverage95 > 0.85)
        #expect(coverage80 > 0.65 && coverage80 < 0.97)
        #expect(coverage95 >= coverage80)
    }

    @Test("short histories get a fixed model and still forecast")
    func shortHistory() {
        let series = SyntheticDemand.series(weeks: 1).prefix(100)
        let model = SeriesModel.fit(series)
        #expect(model.method == .seasonalNaiveDaily)
        let forecast = model.forecast(horizon: 48)
        #expect(forecast.points.count == 48)
        #expect(forecast.points.allSatisfy { $0.value >= 0 && $0.lower95 <= $0.value && $0.value <= $0.upper95 })
        #expect(forecast.points[0].hour == series.endHour)
    }

    private func indexOf(dayOfWeek: Int64, hour: Int64, after series: HourlySeries) -> Int {
        (0..<168).first { step in
            let unixSeconds = series.endHour + Int64(step) * 3600
            return (unixSeconds / 86_400 + 3) % 7 == dayOfWeek && (unixSeconds / 3600) % 24 == hour
        } ?? 0
    }
}
