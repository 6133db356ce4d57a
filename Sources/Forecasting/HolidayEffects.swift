/// How declared holidays moved a series' demand in past years, day by day around each holiday.
///
/// Each past day is cut into blocks of ``blockHours`` local hours (New Year's Eve moves the night, not the morning);
/// a block's lift is its total over the mean total of the same block on the same day of the week in the four weeks
/// before the holiday's first affected day; several past years of one label are averaged. Forecast hours on a
/// holiday's days are multiplied by the lift of their block; a holiday no past year shows uses its `expectedLift`
/// (or the series' quietest day of the week against that weekday) on the day itself and leaves the days around
/// unchanged.
struct HolidayEffects: Sendable, Equatable {
    /// Local hours per block of a day that gets its own lift.
    static let blockHours = 4
    /// Weeks before a holiday's first affected day that make a past day's baseline.
    static let baselineWeeks = 4
    /// Lifts are kept within this range, so one odd year cannot zero or explode a forecast.
    static let liftRange = 0.0...5.0

    /// Upcoming (or current) holidays, in order.
    let holidays: [Holiday]
    /// Learned lifts by label, then by day offset × blocks per day + block.
    let learned: [String: [Int: Double]]
    /// Quietest day-of-week total over each day-of-week's total, by the hour-of-week slot of a day's first hour.
    let quietDayRatio: [Int: Double]

    /// No holiday effects.
    static let none = HolidayEffects(holidays: [], learned: [:], quietDayRatio: [:])

    /// Learns the lifts of `holidays` from every past occurrence inside `series`; `prepared` (the cleaned end of the
    /// series) gives the weekly profile for holidays no past year shows.
    init(series: HourlySeries, holidays: [Holiday], prepared: PreparedSeries) {
        guard !holidays.isEmpty else {
            self = .none
            return
        }
        var sums: [String: [Int: (total: Double, count: Int)]] = [:]
        for holiday in holidays where holiday.windowEnd <= series.endHour {
            for offset in -holiday.daysBefore...holiday.daysAfter {
                for block in 0..<Self.blocksPerDay {
                    guard let lift = Self.pastLift(series, holiday: holiday, offset: offset, block: block) else { continue }
                    let key = Self.key(offset: offset, block: block)
                    let previous = sums[holiday.label, default: [:]][key] ?? (0, 0)
                    sums[holiday.label, default: [:]][key] = (previous.total + lift, previous.count + 1)
                }
            }
        }
        learned = sums.mapValues { $0.mapValues { Self.clamped($0.total / Double($0.count)) } }
        self.holidays = holidays.filter { $0.windowEnd > series.endHour }.sorted { $0.windowStart < $1.windowStart }
        quietDayRatio = Self.quietDayRatios(prepared.values, start: prepared.startHour, holidays: self.holidays)
    }

    private init(holidays: [Holiday], learned: [String: [Int: Double]], quietDayRatio: [Int: Double]) {
        self.holidays = holidays
        self.learned = learned
        self.quietDayRatio = quietDayRatio
    }

    /// Multiplier for the forecast of the hour at `unixSeconds` (1 outside every holiday), and whether it is inside one.
    func lift(hour unixSeconds: Int64) -> (lift: Double, inHoliday: Bool) {
        for holiday in holidays {
            guard let offset = holiday.dayOffset(ofHour: unixSeconds) else { continue }
            let block = Int((unixSeconds - holiday.dayStart - Int64(offset) * Holiday.secondsPerDay) / HourlySeries.secondsPerHour) / Self.blockHours
            if let lift = learned[holiday.label]?[Self.key(offset: offset, block: block)] { return (lift, true) }
            guard offset == 0 else { return (1, true) }
            if let expected = holiday.expectedLift { return (Self.clamped(expected), true) }
            return (quietDayRatio[HourlySeries.hourOfWeek(holiday.dayStart)] ?? 1, true)
        }
        return (1, false)
    }

    static var blocksPerDay: Int { 24 / blockHours }

    /// A lift kept inside ``liftRange``.
    static func clamped(_ lift: Double) -> Double { min(max(lift, liftRange.lowerBound), liftRange.upperBound) }

    static func key(offset: Int, block: Int) -> Int { offset * blocksPerDay + block }

    /// The lift of one block of a past day, nil when it or its baseline is missing or zero.
    private static func pastLift(_ series: HourlySeries, holiday: Holiday, offset: Int, block: Int) -> Double? {
        let dayStart = holiday.dayStart + Int64(offset) * Holiday.secondsPerDay + Int64(block * blockHours) * HourlySeries.secondsPerHour
        guard let observed = blockTotal(series, from: dayStart) else { return nil }
        let daysBack = Int64(holiday.daysBefore + offset)  // days from the window's first day to this one
        let firstWeekBack = daysBack / 7 + 1
        var baseline = 0.0
        var weeks = 0
        for week in firstWeekBack..<(firstWeekBack + Int64(baselineWeeks)) {
            if let total = blockTotal(series, from: dayStart - week * 7 * Holiday.secondsPerDay) {
                baseline += total
                weeks += 1
            }
        }
        guard weeks >= 2, baseline > 0 else { return nil }
        return observed / (baseline / Double(weeks))
    }

    /// Sum of the block's hours from `start`; nil when any is missing or outside the series.
    private static func blockTotal(_ series: HourlySeries, from start: Int64) -> Double? {
        let first = series.index(ofHour: start)
        guard first >= 0, first + blockHours <= series.count else { return nil }
        var total = 0.0
        for index in first..<(first + blockHours) {
            let value = series.values[index]
            if value.isNaN { return nil }
            total += value
        }
        return total
    }

    /// For each upcoming holiday's first hour-of-week slot, the quietest 24-hour block at the same time of day in the
    /// recent weekly profile over the block starting there.
    private static func quietDayRatios(_ recent: [Double], start: Int64, holidays: [Holiday]) -> [Int: Double] {
        guard recent.count >= 168, !holidays.isEmpty else { return [:] }
        var profile = [Double](repeating: 0, count: 168)
        for (index, value) in recent.enumerated() {
            profile[HourlySeries.hourOfWeek(start + Int64(index) * HourlySeries.secondsPerHour)] += value
        }
        func block(_ slot: Int) -> Double { (0..<24).reduce(0) { $0 + profile[(slot + $1) % 168] } }
        var ratios: [Int: Double] = [:]
        for holiday in holidays {
            let slot = HourlySeries.hourOfWeek(holiday.dayStart)
            let own = block(slot)
            guard own > 0 else { continue }
            let quietest = (0..<7).map { block((slot + 24 * $0) % 168) }.min() ?? own
            ratios[slot] = quietest / own
        }
        return ratios
    }
}
