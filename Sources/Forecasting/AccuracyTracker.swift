/// Per-series record of each closed hour's error against what was forecast for it.
public struct AccuracyTracker: Sendable {
    /// One closed hour compared with its forecast.
    public struct Entry: Sendable, Equatable {
        /// Unix seconds of the hour.
        public let hour: Int64
        /// Observed value.
        public let actual: Double
        /// What was forecast for the hour, with intervals.
        public let forecast: ForecastPoint
    }

    /// Most recent entries kept for the history (default four weeks).
    public let historyLimit: Int
    /// Accuracy over every hour recorded since the tracker was created.
    public private(set) var total = AccuracyMetrics()
    /// Most recent scored hours, oldest first, at most `historyLimit`.
    public private(set) var history: [Entry] = []
    /// MASE denominator used for every hour (weekly seasonal naive in-sample error).
    public var maseScale: Double?
    private var pending: [Int64: ForecastPoint] = [:]

    /// Creates a tracker scaling MASE by `maseScale`.
    public init(maseScale: Double?, historyLimit: Int = 4 * 168) {
        self.maseScale = maseScale
        self.historyLimit = historyLimit
    }

    /// Remembers a forecast so the hours it covers can be scored when they close (later forecasts replace earlier).
    public mutating func expect(_ forecast: Forecast) {
        for point in forecast.points { pending[point.hour] = point }
    }

    /// Remembers the forecast of one hour; with `replacing` false an earlier forecast for that hour is kept.
    public mutating func expect(_ point: ForecastPoint, replacing: Bool = true) {
        if replacing || pending[point.hour] == nil { pending[point.hour] = point }
    }

    /// Scores a closed hour against its remembered forecast; returns nil when none was made for it.
    @discardableResult
    public mutating func close(hour: Int64, actual: Double) -> Entry? {
        let key = HourlySeries.hourFloor(hour)
        let point = pending.removeValue(forKey: key)
        if pending.keys.contains(where: { $0 < key }) { pending = pending.filter { $0.key > key } }
        guard let point else { return nil }
        let entry = Entry(hour: key, actual: actual, forecast: point)
        total.record(actual: actual, forecast: point.value, scale: maseScale, point: point)
        history.append(entry)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        return entry
    }

    /// Accuracy of the most recent `hours` recorded hours.
    public func recent(hours: Int) -> AccuracyMetrics {
        var metrics = AccuracyMetrics()
        for entry in history.suffix(hours) {
            metrics.record(actual: entry.actual, forecast: entry.forecast.value, scale: maseScale, point: entry.forecast)
        }
        return metrics
    }
}
