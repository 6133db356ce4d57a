/// Settings for preparing a series, selecting its model and forecasting it.
public struct ForecastConfiguration: Sendable, Equatable {
    /// Most recent hours used for fitting (older history is ignored); default 16 weeks.
    public var maximumHistoryHours: Int
    /// Forecast origins (one per day, most recent first) used to select the model and size intervals; default 14.
    public var selectionOrigins: Int
    /// Horizon scored at each selection origin, in hours; default 72.
    public var selectionHorizon: Int
    /// Declared promotion or holiday periods, excluded from the baseline fit and reported.
    public var promotions: [PromotionPeriod]
    /// A value is an outlier when its robust z-score against the seasonal baseline exceeds this; default 6.
    public var outlierThreshold: Double
    /// An hour of the week is closed when at least this share of its observations are zero; default 0.9.
    public var closedHourShare: Double

    /// Creates a configuration; every parameter has a documented default.
    public init(
        maximumHistoryHours: Int = 16 * 168,
        selectionOrigins: Int = 14,
        selectionHorizon: Int = 72,
        promotions: [PromotionPeriod] = [],
        outlierThreshold: Double = 6,
        closedHourShare: Double = 0.9
    ) {
        self.maximumHistoryHours = maximumHistoryHours
        self.selectionOrigins = selectionOrigins
        self.selectionHorizon = selectionHorizon
        self.promotions = promotions
        self.outlierThreshold = outlierThreshold
        self.closedHourShare = closedHourShare
    }
}
