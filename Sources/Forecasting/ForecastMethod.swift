/// A forecasting model a series can be given.
public indirect enum ForecastMethod: Sendable, Hashable, CustomStringConvertible {
    /// Each hour repeats the same hour one day earlier.
    case seasonalNaiveDaily
    /// Each hour repeats the same hour one week earlier.
    case seasonalNaiveWeekly
    /// Median of the same hour of the week over the last `weeks` weeks.
    case weeklyMedian(weeks: Int)
    /// Mean weekly shape of the last `weeks` weeks at the level of the last `levelWeeks`, following the weekly totals'
    /// slope on by the damping factor `trend` (0: no trend).
    case levelledProfile(weeks: Int, levelWeeks: Int, trend: Double)
    /// Double-seasonal (24 h + 168 h) Holt-Winters fitted on the given scale.
    case holtWinters(VarianceTransform)
    /// Hour-by-hour mean of the member methods' forecasts.
    case combination([ForecastMethod])

    /// Stable name used in CSV output and reports (`dshw-sqrt+weekly-median-5` for combinations).
    public var description: String {
        switch self {
        case .seasonalNaiveDaily: return "seasonal-naive-24"
        case .seasonalNaiveWeekly: return "seasonal-naive-168"
        case .weeklyMedian(let weeks): return "weekly-median-\(weeks)"
        case .levelledProfile(let weeks, let levelWeeks, let trend):
            return "profile-\(weeks)-level-\(levelWeeks)" + (trend == 0 ? "" : "-trend-\(trend)")
        case .holtWinters(let transform): return transform == .identity ? "dshw" : "dshw-\(transform.rawValue)"
        case .combination(let members): return members.map(\.description).joined(separator: "+")
        }
    }
}
