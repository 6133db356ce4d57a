/// Hours of the week when demand is (almost) always zero: a store shut, a channel paused.
public struct ClosedHours: Sendable, Equatable {
    /// Closed flags indexed by hour of the week (0 ..< 168, counted from the Unix epoch's hour 0).
    public private(set) var closedSlots: [Bool]

    /// No hour closed.
    public static let none = ClosedHours(closedSlots: [Bool](repeating: false, count: 168))

    /// Creates closed hours from 168 flags.
    public init(closedSlots: [Bool]) {
        self.closedSlots = closedSlots.count == 168 ? closedSlots : [Bool](repeating: false, count: 168)
    }

    /// Whether the hour starting at `unixSeconds` is closed.
    public func isClosed(hour unixSeconds: Int64) -> Bool { closedSlots[HourlySeries.hourOfWeek(unixSeconds)] }

    /// Number of closed hours per week.
    public var closedCount: Int { closedSlots.filter { $0 }.count }

    /// Detects closed hours from observed values (`nan` ignored): a slot with ≥ 3 observations, `share` of them zero.
    static func detect(values: [Double], startHour: Int64, share: Double) -> ClosedHours {
        let byWeek = values.count >= 3 * 168
        let period = byWeek ? 168 : 24
        guard values.count >= 3 * period else { return .none }
        var observations = [Int](repeating: 0, count: period)
        var zeros = [Int](repeating: 0, count: period)
        for (index, value) in values.enumerated() where !value.isNaN {
            let slot = HourlySeries.hourOfWeek(startHour + Int64(index) * HourlySeries.secondsPerHour) % period
            observations[slot] += 1
            if value == 0 { zeros[slot] += 1 }
        }
        var closed = [Bool](repeating: false, count: 168)
        for slot in 0..<168 {
            let bucket = slot % period
            closed[slot] = observations[bucket] >= 3 && Double(zeros[bucket]) >= share * Double(observations[bucket])
        }
        return ClosedHours(closedSlots: closed)
    }
}
