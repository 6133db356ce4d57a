/// Every candidate model's forecasts at a series' own past origins, for choosing its model and intervals.
///
/// Origins are one day apart, the last `horizon` hours before the end; each candidate forecasts `horizon`
/// hours from each origin using only the hours before it (Holt-Winters weights are searched on the same
/// origins). Candidates: seasonal naive 24 and 168, weekly medians, levelled weekly profiles, Holt-Winters on both
/// scales, and hour-by-hour means of Holt-Winters with the best weekly median or the best levelled profile.
struct SelectionBacktest {
    /// One candidate's forecasts at every origin and their summed absolute error.
    struct Candidate {
        let method: ForecastMethod
        let forecasts: [[Double]]
        let absoluteError: Double
    }

    /// History an origin needs before it can be scored (three weeks).
    static let minimumOriginIndex = 3 * 168
    /// Fewest scored origins for a selection.
    static let minimumOrigins = 3
    /// Weekly-median windows offered as candidates.
    static let medianWeeks = [3, 5]
    /// How many of the best single candidates are averaged into one more candidate.
    static let topCombinationSize = 3
    /// Levelled weekly profiles offered as candidates: (weeks, level weeks, trend damping).
    static let profileVariants: [(Int, Int, Double)] = [(12, 1, 0), (12, 2, 0), (12, 1, 0.5)]

    let origins: [Int]
    let horizon: Int
    /// Candidates, best (lowest absolute error) first.
    private(set) var ranked: [Candidate] = []
    /// Holt-Winters end states by scale, for the model to keep forecasting from.
    private(set) var holtWintersStates: [VarianceTransform: DoubleSeasonalState] = [:]
    /// Sum of actual values over all scored hours.
    private(set) var actualTotal = 0.0

    /// Runs the backtest; nil when the history has fewer than `minimumOrigins` usable origins.
    init?(_ prepared: PreparedSeries, configuration: ForecastConfiguration) {
        let values = prepared.values
        horizon = max(configuration.selectionHorizon, 1)
        let count = values.count
        let horizon = self.horizon
        origins = Array(
            (0..<max(configuration.selectionOrigins, 0))
                .map { count - horizon - 24 * $0 }
                .filter { $0 >= Self.minimumOriginIndex }
                .reversed()
        )
        guard origins.count >= Self.minimumOrigins else { return nil }
        actualTotal = origins.reduce(0.0) { $0 + values[$1..<min($1 + horizon, count)].reduce(0, +) }
        var singles = profileCandidates(prepared)
        for transform in [VarianceTransform.identity, .squareRoot] {
            guard let outcome = HoltWintersSearch.search(
                values: values, firstHourNumber: prepared.startHourNumber, transform: transform,
                origins: origins, horizon: horizon, closedHours: prepared.report.closedHours
            ) else { continue }
            holtWintersStates[transform] = outcome.state
            singles.append(candidate(.holtWinters(transform), outcome.originForecasts, values))
        }
        ranked = (singles + combinations(of: singles, values)).sorted { $0.absoluteError < $1.absoluteError }
    }

    /// Weighted absolute percentage error of a candidate over all origins.
    func wape(_ candidate: Candidate) -> Double { actualTotal > 0 ? candidate.absoluteError / actualTotal : 0 }

    private func profileCandidates(_ prepared: PreparedSeries) -> [Candidate] {
        let values = prepared.values
        let horizon = self.horizon
        func profile(_ method: ForecastMethod, _ make: (ArraySlice<Double>) -> [Double]) -> Candidate {
            let forecasts = origins.map { origin in
                PointForecastShaping.shape(
                    make(values[..<origin]), transform: .identity,
                    firstHourNumber: prepared.startHourNumber + Int64(origin), closedHours: prepared.report.closedHours
                )
            }
            return candidate(method, forecasts, values)
        }
        var candidates = [
            profile(.seasonalNaiveDaily) { SeasonalProfileForecasts.seasonalNaive($0, period: 24, horizon: horizon) },
            profile(.seasonalNaiveWeekly) { SeasonalProfileForecasts.seasonalNaive($0, period: 168, horizon: horizon) },
        ]
        for weeks in Self.medianWeeks {
            candidates.append(profile(.weeklyMedian(weeks: weeks)) { SeasonalProfileForecasts.weeklyMedian($0, weeks: weeks, horizon: horizon) })
        }
        for (weeks, levelWeeks, trend) in Self.profileVariants {
            candidates.append(profile(.levelledProfile(weeks: weeks, levelWeeks: levelWeeks, trend: trend)) {
                LevelledWeeklyProfile.forecast($0, weeks: weeks, levelWeeks: levelWeeks, trend: trend, horizon: horizon)
            })
        }
        return candidates
    }

    /// Means of Holt-Winters with the best weekly median, of both Holt-Winters scales, and of all three; the same with
    /// the best levelled profile in the median's place; and the mean of the three best single candidates.
    private func combinations(of singles: [Candidate], _ values: [Double]) -> [Candidate] {
        let smoothed = singles.filter { if case .holtWinters = $0.method { true } else { false } }
        let medians = singles.filter { if case .weeklyMedian = $0.method { true } else { false } }
        guard let bestMedian = medians.min(by: { $0.absoluteError < $1.absoluteError }), !smoothed.isEmpty else { return [] }
        var memberSets = smoothed.map { [$0, bestMedian] }
        if smoothed.count > 1 { memberSets += [smoothed, smoothed + [bestMedian]] }
        let profiles = singles.filter { if case .levelledProfile = $0.method { true } else { false } }
        if let bestProfile = profiles.min(by: { $0.absoluteError < $1.absoluteError }) {
            memberSets += smoothed.map { [$0, bestProfile] }
            if smoothed.count > 1 { memberSets.append(smoothed + [bestProfile]) }
        }
        let topSingles = singles.sorted { $0.absoluteError < $1.absoluteError }.prefix(Self.topCombinationSize)
        if topSingles.count == Self.topCombinationSize { memberSets.append(Array(topSingles)) }
        var seen: Set<Set<ForecastMethod>> = []
        memberSets = memberSets.filter { seen.insert(Set($0.map(\.method))).inserted }
        return memberSets.map { members in
            let combined = origins.indices.map { origin in
                (0..<horizon).map { step in members.reduce(0) { $0 + $1.forecasts[origin][step] } / Double(members.count) }
            }
            return candidate(.combination(members.map(\.method)), combined, values)
        }
    }

    private func candidate(_ method: ForecastMethod, _ forecasts: [[Double]], _ values: [Double]) -> Candidate {
        var total = 0.0
        for (forecast, origin) in zip(forecasts, origins) {
            for step in forecast.indices where origin + step < values.count {
                total += abs(values[origin + step] - forecast[step])
            }
        }
        return Candidate(method: method, forecasts: forecasts, absoluteError: total)
    }
}
