/// One value per hour from an hour-aligned start; `nan` marks an hour with no observation.
public struct HourlySeries: Sendable, Equatable {
    /// Seconds in one hour.
    public static let secondsPerHour: Int64 = 3600

    /// Unix seconds of the first hour, a multiple of 3600.
    public let startHour: Int64
    /// Observed values in hour order; `Double.nan` where the hour is missing.
    public var values: [Double]

    /// Creates a series starting at `startHour` (rounded down to the hour).
    public init(startHour: Int64, values: [Double]) {
        self.startHour = HourlySeries.hourFloor(startHour)
        self.values = values
    }

    /// Number of hours covered, missing ones included.
    public var count: Int { values.count }

    /// Unix seconds of the hour just after the last one.
    public var endHour: Int64 { startHour + Int64(values.count) * Self.secondsPerHour }

    /// Unix seconds of the hour at `index`.
    public func hour(at index: Int) -> Int64 { startHour + Int64(index) * Self.secondsPerHour }

    /// Index of the hour containing `unixSeconds` (may be outside the series).
    public func index(ofHour unixSeconds: Int64) -> Int {
        Int((Self.hourFloor(unixSeconds) - startHour) / Self.secondsPerHour)
    }

    /// Number of hours with no observation.
    public var missingCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

    /// The first `count` hours as a series of their own.
    public func prefix(_ count: Int) -> HourlySeries {
        HourlySeries(startHour: startHour, values: Array(values.prefix(count)))
    }

    /// The last `count` hours as a series of their own.
    public func suffix(_ count: Int) -> HourlySeries {
        let kept = min(count, values.count)
        return HourlySeries(startHour: hour(at: values.count - kept), values: Array(values.suffix(kept)))
    }

    /// Unix seconds rounded down to the start of their hour.
    public static func hourFloor(_ unixSeconds: Int64) -> Int64 {
        let remainder = unixSeconds % secondsPerHour
        return remainder >= 0 ? unixSeconds - remainder : unixSeconds - remainder - secondsPerHour
    }

    /// Position of an hour in the week (0 ..< 168), counted from the Unix epoch's hour 0.
    static func hourOfWeek(_ unixSeconds: Int64) -> Int {
        let hours = hourFloor(unixSeconds) / secondsPerHour
        let slot = hours % 168
        return Int(slot >= 0 ? slot : slot + 168)
    }
}
