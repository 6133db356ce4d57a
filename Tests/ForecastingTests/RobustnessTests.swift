import Testing
@testable import Forecasting

@Suite("Bad data: outliers, gaps, closed hours, promotions")
struct RobustnessTests {
    /// Outliers are clipped, not erased (a real burst still counts a little), so they may move single hours more
    /// than the forecast on average.
    @Test("injected 20x outliers are flagged and move the forecast by at most 2 % of the mean level on average, 6 % at any hour")
    func outliersBounded() throws {
        let clean = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 3)
        var poisoned = clean
        let spikes = [clean.count - 5, clean.count - 30, clean.count - 100, clean.count - 200, clean.count - 400, clean.count - 700]
        for index in spikes { poisoned.values[index] = poisoned.values[index] * 20 + 500 }
        poisoned.values[clean.count - 50] = 0
        let cleanForecast = SeriesModel.fit(clean).pointForecast(horizon: 72)
        let poisonedModel = SeriesModel.fit(poisoned)
        let poisonedForecast = poisonedModel.pointForecast(horizon: 72)
        let meanLevel = cleanForecast.reduce(0, +) / 72
        let largestShift = zip(cleanForecast, poisonedForecast).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largestShift / meanLevel < 0.06)
        #expect(SyntheticDemand.meanAbsoluteDifference(poisonedForecast, cleanForecast) / meanLevel < 0.02)
        let flagged = Set(poisonedModel.dataQuality.outlierHours)
        for index in spikes { #expect(flagged.contains(poisoned.hour(at: index))) }
    }

    @Test("an outlier is clipped to half its detection distance above its baseline, not erased")
    func outlierClipped() throws {
        var values = SyntheticDemand.series(weeks: 6, noise: 0.5, seed: 4).values
        let spike = 3 * 168 + 12
        values[spike] = values[spike] * 20 + 500
        let (cleaned, outliers) = OutlierScreen.screen(values, threshold: 6)
        #expect(outliers.contains(spike))
        let neighbours = [values[spike - 336], values[spike - 168], values[spike + 168], values[spike + 336]]
        let baseline = neighbours.sorted()[1...2].reduce(0, +) / 2
        #expect(cleaned[spike] > baseline * 1.05, "clipped \(cleaned[spike]) against a baseline near \(baseline)")
        #expect(cleaned[spike] < values[spike] / 5)
    }

    @Test("gaps are detected, reported and imputed; the forecast barely moves")
    func gapsImputed() throws {
        let complete = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 5)
        var holed = complete
        for index in 500..<530 { holed.values[index] = .nan }
        for index in (complete.count - 10)..<(complete.count - 4) { holed.values[index] = .nan }
        #expect(holed.missingCount == 36)
        let model = SeriesModel.fit(holed)
        #expect(model.dataQuality.imputedHours.count == 36)
        #expect(model.dataQuality.imputedHours.first == holed.hour(at: 500))
        let reference = SeriesModel.fit(complete).pointForecast(horizon: 72)
        let forecast = model.pointForecast(horizon: 72)
        #expect(forecast.allSatisfy { !$0.isNaN })
        let meanLevel = reference.reduce(0, +) / 72
        #expect(SyntheticDemand.meanAbsoluteDifference(forecast, reference) / meanLevel < 0.03)
    }

    @Test("closed hours forecast exactly zero with zero-width intervals; nothing is negative")
    func closedHours() throws {
        var series = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 9)
        for index in series.values.indices where (series.hour(at: index) / 3600) % 24 < 6 { series.values[index] = 0 }
        let model = SeriesModel.fit(series)
        #expect(model.dataQuality.closedHours.closedCount == 6 * 7)
        let forecast = model.forecast(horizon: 72)
        for point in forecast.points {
            #expect(point.lower95 >= 0 && point.value >= 0)
            if (point.hour / 3600) % 24 < 6 {
                #expect(point.value == 0 && point.upper95 == 0)
            } else {
                #expect(point.value > 10)
            }
        }
    }

    @Test("declared promotions stay out of the baseline and are reported with their lift")
    func promotionsExcluded() throws {
        let plain = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 13)
        var promoted = plain
        let start = plain.count - 48
        for index in start..<plain.count { promoted.values[index] *= 3 }
        let period = PromotionPeriod(startHour: plain.hour(at: start), endHour: plain.endHour, label: "flash sale")
        let configuration = ForecastConfiguration(promotions: [period])
        let model = SeriesModel.fit(promoted, configuration: configuration)
        let report = try #require(model.dataQuality.promotions.first)
        #expect(report.observedHours == 48)
        let lift = try #require(report.lift)
        #expect(abs(lift - 3) < 0.3)
        let baseline = SeriesModel.fit(plain).pointForecast(horizon: 72)
        let forecast = model.pointForecast(horizon: 72)
        let meanLevel = baseline.reduce(0, +) / 72
        #expect(SyntheticDemand.meanAbsoluteDifference(forecast, baseline) / meanLevel < 0.05)
        // Undeclared, and with outlier screening off, the same promotion drags the baseline up.
        let unprotected = SeriesModel.fit(promoted, configuration: ForecastConfiguration(outlierThreshold: .infinity)).pointForecast(horizon: 72)
        #expect(SyntheticDemand.meanAbsoluteDifference(unprotected, baseline) / meanLevel > 0.1)
    }
}
