import Testing
@testable import Forecasting

/// The levelled weekly profile: many weeks' shape at the level of the last ones, optionally following the trend.
@Suite("Levelled weekly profile")
struct LevelledProfileTests {
    /// `weeks` weeks whose level grows by `growth` per week, with a fixed weekly shape (no noise).
    static func runUp(weeks: Int, growth: Double) -> [Double] {
        (0..<(weeks * 168)).map { index in
            let week = Double(index / 168)
            let shape = 1 + 0.5 * Double(index % 24 >= 9 && index % 24 < 18 ? 1 : 0) + 0.3 * Double((index / 24) % 7 == 5 ? 1 : 0)
            return 10 * shape * (1 + growth * week)
        }
    }

    @Test("in a run-up it forecasts at the last week's level, where medians of past weeks lag behind")
    func runUpLevel() throws {
        let history = Self.runUp(weeks: 14, growth: 0.05)
        let lastWeek = Array(history.suffix(168))
        let levelled = LevelledWeeklyProfile.forecast(history[...], weeks: 12, levelWeeks: 1, trend: 0, horizon: 168)
        let median = SeasonalProfileForecasts.weeklyMedian(history[...], weeks: 5, horizon: 168)
        let ratio = levelled.reduce(0, +) / lastWeek.reduce(0, +)
        #expect(abs(ratio - 1) < 0.01, "levelled profile at \(ratio) of the last week")
        #expect(median.reduce(0, +) / lastWeek.reduce(0, +) < 0.95, "the weekly median should lag in a run-up")
        for step in 0..<168 { #expect(abs(levelled[step] / lastWeek[step] - 1) < 0.06, "hour \(step) lost the weekly shape") }
    }

    @Test("with a trend it follows the weekly growth on, damped by the factor; flat history stays flat")
    func trend() throws {
        let history = Self.runUp(weeks: 14, growth: 0.05)
        let lastWeekTotal = history.suffix(168).reduce(0, +)
        let full = LevelledWeeklyProfile.forecast(history[...], weeks: 12, levelWeeks: 1, trend: 1, horizon: 168)
        let damped = LevelledWeeklyProfile.forecast(history[...], weeks: 12, levelWeeks: 1, trend: 0.5, horizon: 168)
        // One week on, a line through the totals gains one week's growth (0.5 units of level per week here).
        let weeklyGain = 10 * 0.05 * Self.runUp(weeks: 1, growth: 0).reduce(0, +) / 10
        #expect(abs(full.reduce(0, +) - (lastWeekTotal + weeklyGain)) / lastWeekTotal < 0.01)
        #expect(abs(damped.reduce(0, +) - (lastWeekTotal + weeklyGain / 2)) / lastWeekTotal < 0.01)
        let flat = Self.runUp(weeks: 14, growth: 0)
        let flatForecast = LevelledWeeklyProfile.forecast(flat[...], weeks: 12, levelWeeks: 2, trend: 1, horizon: 72)
        for step in 0..<72 { #expect(abs(flatForecast[step] - flat[flat.count - 168 + step]) < 1e-9) }
    }

    /// Per hour of the week, the sum of the values and of their squares.
    static func hourSums(_ values: [Double]) -> (sums: [Double], squares: [Double]) {
        var sums = [Double](repeating: 0, count: 168)
        var squares = [Double](repeating: 0, count: 168)
        for (index, value) in values.enumerated() {
            sums[index % 168] += value
            squares[index % 168] += value * value
        }
        return (sums, squares)
    }

    @Test("hour means are blended with their neighbours as much as their noise warrants: a noisy flat shape a lot, an exact one not at all")
    func smoothingFollowsNoise() throws {
        // Twelve weeks of a flat mean of 4 with week-to-week noise: the blended hours sit closer to the true mean.
        var generator = SplitMix64(seed: 3)
        let noisy = (0..<(12 * 168)).map { _ in max((4 + 2 * generator.normal()).rounded(), 0) }
        let (sums, squares) = Self.hourSums(noisy)
        let blended = LevelledWeeklyProfile.smoothed(sums, squares: squares, weeks: 12)
        let trueMean = noisy.reduce(0, +) / Double(noisy.count)
        func error(_ shape: [Double]) -> Double { shape.reduce(0) { $0 + ($1 / 12 - trueMean) * ($1 / 12 - trueMean) } }
        #expect(error(blended) < 0.6 * error(sums), "blending should remove much of the hour means' noise")
        #expect(abs(blended.reduce(0, +) - sums.reduce(0, +)) < 1e-6, "blending keeps the weekly total")
        // The same sharp shape every week has no noise in its hour means: it is kept exactly.
        let (exactSums, exactSquares) = Self.hourSums(Self.runUp(weeks: 12, growth: 0))
        let kept = LevelledWeeklyProfile.smoothed(exactSums, squares: exactSquares, weeks: 12)
        for hour in 0..<168 { #expect(abs(kept[hour] - exactSums[hour]) < 1e-6) }
    }

    @Test("short histories fall back to the weekly median; an all-zero history forecasts zero")
    func shortAndEmpty() throws {
        let oneWeek = Self.runUp(weeks: 1, growth: 0)
        #expect(LevelledWeeklyProfile.forecast(oneWeek[...], weeks: 12, levelWeeks: 1, trend: 0, horizon: 24)
            == SeasonalProfileForecasts.weeklyMedian(oneWeek[...], weeks: 12, horizon: 24))
        let zeros = [Double](repeating: 0, count: 4 * 168)
        #expect(LevelledWeeklyProfile.forecast(zeros[...], weeks: 12, levelWeeks: 1, trend: 0.5, horizon: 24) == [Double](repeating: 0, count: 24))
    }

    @Test("a series in a run-up gets a levelled profile or a model that tracks its level, not a lagging median")
    func selectedInRunUp() throws {
        var generator = SplitMix64(seed: 9)
        let values = Self.runUp(weeks: 16, growth: 0.04).map { max(($0 + $0.squareRoot() * generator.normal()).rounded(), 0) }
        let series = HourlySeries(startHour: SyntheticDemand.start, values: values)
        let model = SeriesModel.fit(series)
        let scores = Dictionary(uniqueKeysWithValues: model.candidateScores.map { ($0.method.description, $0.wape) })
        let levelled = try #require(scores["profile-12-level-1"])
        let median = try #require(scores["weekly-median-5"])
        #expect(levelled < median, "levelled \(levelled) against median \(median)")
        if case .weeklyMedian = model.method { Issue.record("a lagging weekly median was chosen in a run-up") }
    }
}
