/// A public holiday or other calendar day a tenant declares, with the days around it that it also moves.
///
/// The same `label` on several dates (Christmas Day 2025 and 2026) names one holiday: what it did to demand in a
/// past year is applied to the next, day by day from `daysBefore` before it to `daysAfter` after.
public struct Holiday: Sendable, Equatable {
    /// Name shared by every year's date of this holiday ("Christmas Day").
    public let label: String
    /// Unix seconds of the holiday's local midnight (its first hour).
    public let dayStart: Int64
    /// Days before the holiday it also affects (the run-up to Christmas).
    public let daysBefore: Int
    /// Days after the holiday it also affects (the week to New Year).
    public let daysAfter: Int
    /// Demand on the holiday itself against a normal day, when no past year shows it (0 for closed); nil: the
    /// series' quietest day of the week.
    public let expectedLift: Double?

    /// Creates a holiday starting at local midnight `dayStart` (rounded down to the hour).
    public init(label: String, dayStart: Int64, daysBefore: Int = 0, daysAfter: Int = 0, expectedLift: Double? = nil) {
        self.label = label
        self.dayStart = HourlySeries.hourFloor(dayStart)
        self.daysBefore = max(daysBefore, 0)
        self.daysAfter = max(daysAfter, 0)
        self.expectedLift = expectedLift
    }

    static let secondsPerDay: Int64 = 86_400

    /// Unix seconds of the first affected hour.
    public var windowStart: Int64 { dayStart - Int64(daysBefore) * Self.secondsPerDay }
    /// Unix seconds of the first hour after the affected days.
    public var windowEnd: Int64 { dayStart + Int64(daysAfter + 1) * Self.secondsPerDay }

    /// The affected days as a period, for charts that shade periods.
    public var period: PromotionPeriod { PromotionPeriod(startHour: windowStart, endHour: windowEnd, label: label) }

    /// Whether the hour starting at `unixSeconds` is on one of the holiday's affected days.
    public func contains(hour unixSeconds: Int64) -> Bool { unixSeconds >= windowStart && unixSeconds < windowEnd }

    /// Day offset from the holiday (−daysBefore … daysAfter) of the hour at `unixSeconds`; nil outside its days.
    public func dayOffset(ofHour unixSeconds: Int64) -> Int? {
        guard contains(hour: unixSeconds) else { return nil }
        let seconds = unixSeconds - dayStart
        let day = seconds >= 0 ? seconds / Self.secondsPerDay : -((-seconds + Self.secondsPerDay - 1) / Self.secondsPerDay)
        return Int(day)
    }
}
