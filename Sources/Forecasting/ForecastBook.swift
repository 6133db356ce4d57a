/// Live forecasts for many series, fed hour by hour (e.g. order counts from OrderCreated events).
///
/// Each series keeps its recent history, a fitted ``SeriesModel`` updated incrementally as every hour
/// closes, a full refit every `refitIntervalHours`, and an ``AccuracyTracker`` scoring the day-ahead
/// forecast (the one issued 24 hours before each hour) against what happened.
///
/// ```swift
/// let book = ForecastBook()
/// await book.record(series: "tenant-a/total", count: 1, at: event.occurredAt)   // per OrderCreated
/// let next72 = await book.forecast(series: "tenant-a/total", horizon: 72)
/// ```
public actor ForecastBook {
    /// Lead, in hours, of the forecasts the accuracy trackers score.
    public static let trackedLeadHours = 24

    /// Settings used for every fit.
    public let configuration: ForecastConfiguration
    /// Holidays of single tenants (series named `tenant|…`), added to the configuration's for their series.
    public let tenantHolidays: [String: [Holiday]]
    /// Hours between full refits of a series (incremental updates in between); default one week.
    public let refitIntervalHours: Int
    private var entries: [String: SeriesEntry] = [:]

    /// Creates an empty book.
    public init(
        configuration: ForecastConfiguration = ForecastConfiguration(), tenantHolidays: [String: [Holiday]] = [:],
        refitIntervalHours: Int = 168
    ) {
        self.configuration = configuration
        self.tenantHolidays = tenantHolidays
        self.refitIntervalHours = max(refitIntervalHours, 1)
    }

    /// The settings a series is fitted with: the book's, plus its tenant's holidays for `tenant|…` names.
    public func configuration(forSeries name: String) -> ForecastConfiguration {
        guard !tenantHolidays.isEmpty, let bar = name.firstIndex(of: "|"), let holidays = tenantHolidays[String(name[..<bar])] else {
            return configuration
        }
        var specific = configuration
        specific.holidays += holidays
        return specific
    }

    /// Names of the series in the book, sorted.
    public var seriesNames: [String] { entries.keys.sorted() }

    /// Replaces a series' history (e.g. rebuilt from the event log) and fits it; its last hour is taken as closed.
    public func load(series name: String, history: HourlySeries) {
        var entry = SeriesEntry(history: history, openHour: history.endHour)
        entry.refit(configuration: configuration(forSeries: name))
        entries[name] = entry
    }

    /// Adds `count` to the hour containing `unixSeconds`; hours before it that were still open are closed first.
    public func record(series name: String, count: Double = 1, at unixSeconds: Int64) {
        let hour = HourlySeries.hourFloor(unixSeconds)
        var entry = entries[name] ?? SeriesEntry(history: HourlySeries(startHour: hour, values: []), openHour: hour)
        let settings = configuration(forSeries: name)
        advance(&entry, to: hour, configuration: settings)
        if hour >= entry.openHour {
            entry.openCount += count
        } else {
            entry.addLate(count, hour: hour, configuration: settings)
        }
        entries[name] = entry
    }

    /// Closes every open hour before the hour containing `unixSeconds` in every series (call on a clock tick).
    public func closeHours(before unixSeconds: Int64) {
        let hour = HourlySeries.hourFloor(unixSeconds)
        for name in entries.keys {
            guard var entry = entries[name] else { continue }
            advance(&entry, to: hour, configuration: configuration(forSeries: name))
            entries[name] = entry
        }
    }

    /// Forecast of the next `horizon` hours after the last closed hour; nil for an unknown or unfitted series.
    public func forecast(series name: String, horizon: Int = 72) -> Forecast? {
        refitIfStale(name)
        return entries[name]?.model?.forecast(horizon: max(horizon, 1))
    }

    /// Fits again every series whose model is due (new history, late counts, the refit interval); call on a tick.
    public func refitStale() {
        for name in entries.keys { refitIfStale(name) }
    }

    /// Late counts changed closed hours since the last fit: fit again before answering.
    private func refitIfStale(_ name: String) {
        guard var entry = entries[name], entry.stale, entry.history.count >= 24 else { return }
        entry.refit(configuration: configuration(forSeries: name))
        entries[name] = entry
    }

    /// The fitted model of a series (method, candidate scores, data quality); nil if none yet.
    public func model(series name: String) -> SeriesModel? {
        refitIfStale(name)
        return entries[name]?.model
    }

    /// The closed hours of a series as it keeps them; nil for an unknown series.
    public func history(series name: String) -> HourlySeries? { entries[name]?.history }

    /// Accuracy record of a series' day-ahead forecasts.
    public func accuracy(series name: String) -> AccuracyTracker? { entries[name]?.tracker }

    /// Stock suggestion for a node/SKU series over `leadTimeHours` at `serviceLevel`.
    public func stocking(series name: String, leadTimeHours: Int, serviceLevel: Double) -> StockingSuggestion? {
        forecast(series: name, horizon: max(leadTimeHours, 1)).map {
            StockingSuggestion(forecast: $0, leadTimeHours: leadTimeHours, serviceLevel: serviceLevel)
        }
    }

    private func advance(_ entry: inout SeriesEntry, to hour: Int64, configuration: ForecastConfiguration) {
        while entry.openHour < hour {
            entry.closeOpenHour(configuration: configuration, refitInterval: refitIntervalHours)
        }
    }
}

/// One series in a ``ForecastBook``.
private struct SeriesEntry {
    var history: HourlySeries
    var openHour: Int64
    var openCount = 0.0
    var model: SeriesModel?
    var tracker = AccuracyTracker(maseScale: nil)
    var hoursSinceFit = 0
    /// A closed hour changed after the model saw it.
    var stale = false

    mutating func closeOpenHour(configuration: ForecastConfiguration, refitInterval: Int) {
        let value = openCount
        let hour = openHour
        history.values.append(value)
        let keep = configuration.keptHistoryHours
        if history.count > 2 * keep { history = history.suffix(keep) }
        tracker.close(hour: hour, actual: value)
        openHour += HourlySeries.secondsPerHour
        openCount = 0
        hoursSinceFit += 1
        // The incremental update is cheap and runs every closed hour; a full refit is only marked here and done by
        // ``ForecastBook/refitStale()`` or the next question, so a long gap or a backlog never fits hour by hour.
        if let current = model, current.nextHour == hour, !stale {
            model?.update(value: value)
            expectDayAhead()
        }
        if history.count >= 24, model == nil || stale || hoursSinceFit >= refitInterval || model?.nextHour != openHour {
            stale = true
        }
    }

    mutating func refit(configuration: ForecastConfiguration) {
        let fitted = SeriesModel.fit(history, configuration: configuration)
        model = fitted
        stale = false
        tracker.maseScale = AccuracyMetrics.maseScale(history: Array(history.values.suffix(configuration.maximumHistoryHours)))
        hoursSinceFit = 0
        for point in fitted.forecast(horizon: ForecastBook.trackedLeadHours).points { tracker.expect(point, replacing: false) }
    }

    /// After an update, remember the forecast for the hour `trackedLeadHours` ahead.
    mutating func expectDayAhead() {
        guard let points = model?.forecast(horizon: ForecastBook.trackedLeadHours).points, let last = points.last else { return }
        tracker.expect(last)
    }

    /// A late arrival corrects a closed hour; the model saw the old value, so the next closed hour refits it. An hour
    /// before the series' first (history loaded after it started, a backfill) extends the series back, up to the
    /// history a fit keeps.
    mutating func addLate(_ count: Double, hour: Int64, configuration: ForecastConfiguration) {
        var index = history.index(ofHour: hour)
        if index < 0 {
            guard history.count - index <= configuration.keptHistoryHours else { return }
            history = HourlySeries(startHour: hour, values: [Double](repeating: 0, count: -index) + history.values)
            index = 0
        }
        guard index < history.count else { return }
        history.values[index] += count
        stale = true
    }
}
