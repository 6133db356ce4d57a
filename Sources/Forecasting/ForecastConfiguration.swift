/// Settings for preparing a series, selecting its model and forecasting it.
public struct ForecastConfiguration: Sendable, Equatable {
    /// Most recent hours used for fitting (older history is ignored); default 16 weeks.
    public var maximumHistoryHours: Int
    /// Forecast origins (one per day, most recent first) used to select the model and size intervals; default 21.
    public var selectionOrigins: Int
    /// Horizon scored at each selection origin, in hours; default 72.
    public var selectionHorizon: Int
    /// Declared promotion or holiday periods, excluded from the baseline fit and reported.
    public var promotions: [PromotionPeriod]
    /// The tenant's holiday calendar: holidays' days are kept out of the baseline fit and forecast with what the same
    /// holiday did in past years.
    public var holidays: [Holiday]
    /// A value is an outlier when its robust z-score against the seasonal baseline exceeds this; default 6.
    public var outlierThreshold: Double
    /// An hour of the week is closed when at least this share of its observations are zero; default 0.9.
    public var closedHourShare: Double

    /// Creates a configuration; every parameter has a documented default.
    public init(
        maximumHistoryHours: Int = 16 * 168,
        selectionOrigins: Int = 21,
        selectionHorizon: Int = 72,
        promotions: [PromotionPeriod] = [],
        holidays: [Holiday] = [],
        outlierThreshold: Double = 6,
        closedHourShare: Double = 0.9
    ) {
        self.maximumHistoryHours = maximumHistoryHours
        self.selectionOrigins = selectionOrigins
        self.selectionHorizon = selectionHorizon
        self.promotions = promotions
        self.holidays = holidays
        self.outlierThreshold = outlierThreshold
        self.closedHourShare = closedHourShare
    }
}

extension ForecastConfiguration {
    /// Whether the hour is inside a declared promotion or a holiday's days, so it is kept out of baselines.
    func masks(hour unixSeconds: Int64) -> Bool {
        promotions.contains { $0.contains(hour: unixSeconds) }
            || holidays.contains { $0.contains(hour: unixSeconds) }
    }
}

extension ForecastConfiguration {
    /// Hours of history a live series keeps: twice the fitted window, and with holidays at least a year and eight
    /// weeks, so last year's holidays and the weeks before them are there to learn from.
    public var keptHistoryHours: Int {
        let fitted = 2 * max(maximumHistoryHours, 168)
        return holidays.isEmpty ? fitted : max(fitted, 60 * 168)
    }
}

extension ForecastConfiguration {
    /// Promotions and holidays' affected days, for charts that shade them.
    public var shadedPeriods: [PromotionPeriod] { promotions + holidays.map(\.period) }
}
