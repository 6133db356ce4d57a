/// Rolling-origin evaluation: refit at each origin on the history before it, forecast, score the hours after.
public enum RollingOriginBacktest {
    /// Accuracy of one forecaster over every origin.
    public struct MethodAccuracy: Sendable, Equatable {
        /// `channelgate` for the per-origin selected model, else the baseline's method name.
        public let name: String
        /// Pooled accuracy over all origins' hours.
        public let metrics: AccuracyMetrics
    }

    /// Outcome of a backtest of one series.
    public struct Result: Sendable, Equatable {
        /// Origins actually scored.
        public let origins: Int
        /// Hours forecast from each origin.
        public let horizon: Int
        /// ChannelGate's selected model first, then seasonal naive 24 and 168.
        public let methods: [MethodAccuracy]
        /// How often each method was selected, by name.
        public let selectedCounts: [String: Int]
        /// With `scoringCandidates`: every selection candidate's accuracy at the origins where it was a candidate,
        /// best WAPE first.
        public let candidates: [MethodAccuracy]
    }

    /// Backtests `series` from `origins` origins spaced `step` hours apart (default: the horizon), the last ending the series.
    ///
    /// Every fit sees only hours before its origin. MASE is scaled per origin by the weekly seasonal naive's
    /// mean absolute error over that origin's history (m = 168). Returns nil when no origin has a day of history.
    public static func run(
        series: HourlySeries, origins: Int, horizon: Int, step: Int? = nil,
        configuration: ForecastConfiguration = ForecastConfiguration(), scoringCandidates: Bool = false
    ) -> Result? {
        let spacing = max(step ?? horizon, 1)
        let originIndices = (0..<max(origins, 0))
            .map { series.count - horizon - spacing * $0 }
            .filter { $0 >= 24 }
            .reversed()
        guard !originIndices.isEmpty, horizon > 0 else { return nil }
        var chosen = AccuracyMetrics()
        var dailyNaive = AccuracyMetrics()
        var weeklyNaive = AccuracyMetrics()
        var selectedCounts: [String: Int] = [:]
        var candidates: [String: AccuracyMetrics] = [:]
        for origin in originIndices {
            let training = series.prefix(origin)
            let scale = AccuracyMetrics.maseScale(history: training.values)
            let model = SeriesModel.fit(training, configuration: configuration)
            selectedCounts[model.method.description, default: 0] += 1
            let forecast = model.forecast(horizon: horizon)
            let filled = GapImputer.impute(training.values).values[...]
            let daily = SeasonalProfileForecasts.seasonalNaive(filled, period: 24, horizon: horizon)
            let weekly = SeasonalProfileForecasts.seasonalNaive(filled, period: 168, horizon: horizon)
            if scoringCandidates {
                for candidate in model.candidateScores {
                    let forecast = model.holidayAdjusted(model.pointForecast(of: candidate.method, horizon: horizon))
                    for step in 0..<horizon where !series.values[origin + step].isNaN {
                        candidates[candidate.method.description, default: AccuracyMetrics()]
                            .record(actual: series.values[origin + step], forecast: forecast[step], scale: scale)
                    }
                }
            }
            for step in 0..<horizon {
                let actual = series.values[origin + step]
                guard !actual.isNaN else { continue }
                chosen.record(actual: actual, forecast: forecast.points[step].value, scale: scale, point: forecast.points[step])
                dailyNaive.record(actual: actual, forecast: daily[step], scale: scale)
                weeklyNaive.record(actual: actual, forecast: weekly[step], scale: scale)
            }
        }
        return Result(
            origins: originIndices.count,
            horizon: horizon,
            methods: [
                MethodAccuracy(name: "channelgate", metrics: chosen),
                MethodAccuracy(name: ForecastMethod.seasonalNaiveDaily.description, metrics: dailyNaive),
                MethodAccuracy(name: ForecastMethod.seasonalNaiveWeekly.description, metrics: weeklyNaive),
            ],
            selectedCounts: selectedCounts,
            candidates: candidates.map { MethodAccuracy(name: $0.key, metrics: $0.value) }
                .sorted { ($0.metrics.wape ?? .infinity, $0.name) < ($1.metrics.wape ?? .infinity, $1.name) }
        )
    }
}
