/// A declared promotion or holiday: hours in `[startHour, endHour)` are kept out of the baseline fit.
public struct PromotionPeriod: Sendable, Equatable {
    /// Unix seconds of the first hour in the period.
    public let startHour: Int64
    /// Unix seconds of the first hour after the period.
    public let endHour: Int64
    /// Label shown in reports ("Singles Day", "Easter").
    public let label: String

    /// Creates a period covering `[startHour, endHour)`.
    public init(startHour: Int64, endHour: Int64, label: String = "") {
        self.startHour = HourlySeries.hourFloor(startHour)
        self.endHour = HourlySeries.hourFloor(endHour)
        self.label = label
    }

    /// Whether the hour starting at `unixSeconds` lies in the period.
    public func contains(hour unixSeconds: Int64) -> Bool { unixSeconds >= startHour && unixSeconds < endHour }
}

/// What a declared period looked like against the baseline fitted without it.
public struct PromotionReport: Sendable, Equatable {
    /// The declared period.
    public let period: PromotionPeriod
    /// Observed hours of the period inside the history.
    public let observedHours: Int
    /// Sum of observed values in the period.
    public let observedTotal: Double
    /// Sum of the baseline (imputed without the period) over the same hours.
    public let baselineTotal: Double

    /// Observed over baseline (1.3 = 30 % above baseline); nil when the baseline is zero.
    public var lift: Double? { baselineTotal > 0 ? observedTotal / baselineTotal : nil }
}
