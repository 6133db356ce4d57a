import Forecasting
import Foundation

/// Screen 6: a series' 72-hour forecast with its intervals over the last week of actuals, its accuracy, the model
/// the backtest chose, and a stocking suggestion for SKU series.
public struct ForecastPage: Sendable {
    /// One series in the picker.
    public struct SeriesLink: Sendable {
        public let name: String
        public let href: String
        public let current: Bool
    }

    /// Accuracy over one span of hours.
    public struct Accuracy: Sendable {
        public let span: String
        public let hours: Int
        public let wape: String
        public let mase: String
        public let coverage80: String
        public let coverage95: String
    }

    /// One candidate model's backtest score.
    public struct Candidate: Sendable {
        public let method: String
        public let wape: String
        public let chosen: Bool
    }

    public let series: [SeriesLink]
    public let current: String?
    public let chartSVG: String?
    public let method: String?
    public let candidates: [Candidate]
    public let accuracy: [Accuracy]
    public let stocking: String?
    public let problem: String?

    /// The page for `current` among `names`; nil parts are shown as missing.
    public init(
        names: [String], current: String?, history: HourlySeries?, forecast: Forecast?, model: SeriesModel?, tracker: AccuracyTracker?,
        stocking: StockingSuggestion?, promotions: [PromotionPeriod], historyHours: Int = 168
    ) {
        series = names.map { SeriesLink(name: $0, href: "/console/forecasts?series=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0), current: $0 == current) }
        self.current = current
        if let current, let forecast {
            let recent = history.map { history in
                let keep = min(history.values.count, historyHours)
                let start = history.startHour + Int64(history.values.count - keep) * HourlySeries.secondsPerHour
                return HourlySeries(startHour: start, values: Array(history.values.suffix(keep)))
            } ?? HourlySeries(startHour: forecast.points.first?.hour ?? 0, values: [])
            chartSVG = ForecastChart.svg(title: "\(current): last \(recent.values.count) hours and the next \(forecast.points.count)", actuals: recent, forecast: forecast.points, promotions: promotions)
            problem = nil
        } else {
            chartSVG = nil
            problem = current == nil ? "No series yet: forecasts start once orders arrive." : "\(current ?? "") needs at least 24 closed hours before it can be forecast."
        }
        method = model.map { "\($0.method)" }
        candidates = (model?.candidateScores ?? []).map { score in
            Candidate(method: "\(score.method)", wape: Self.percent(score.wape), chosen: model.map { "\($0.method)" } == "\(score.method)")
        }
        accuracy = tracker.map { tracker in
            [("last 24 hours", tracker.recent(hours: 24)), ("last 7 days", tracker.recent(hours: 168)), ("all tracked", tracker.total)].map { span, metrics in
                Accuracy(
                    span: span, hours: metrics.count, wape: metrics.wape.map(Self.percent) ?? "—", mase: metrics.mase.map { String(format: "%.2f", $0) } ?? "—",
                    coverage80: metrics.coverage80.map(Self.percent) ?? "—", coverage95: metrics.coverage95.map(Self.percent) ?? "—"
                )
            }
        } ?? []
        self.stocking = stocking.map { suggestion in
            String(
                format: "Stock %.0f units for the next %d hours at a %.0f %% service level (%.1f expected, %.1f safety stock).",
                suggestion.suggestedStock, suggestion.leadTimeHours, suggestion.serviceLevel * 100, suggestion.leadTimeDemand, suggestion.safetyStock
            )
        }
    }

    static func percent(_ value: Double) -> String { value.isFinite ? String(format: "%.1f %%", value * 100) : "—" }
}
