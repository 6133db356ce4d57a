/// Forecasts from the mean weekly shape of many weeks, brought to the level of the last few.
///
/// Each hour of the week is the mean of that hour over the last `weeks` whole weeks (counted back from the end),
/// which averages out hour-to-hour noise; the whole shape is then scaled by the total of the last `levelWeeks`
/// weeks over the mean weekly total, so a level that has moved (a run-up, a slump) is not averaged away.
/// `trend` > 0 also follows the slope of the weekly totals on, damped by that factor.
enum LevelledWeeklyProfile {
    /// Next `horizon` values after `history`; with fewer than two whole weeks, the weekly median instead.
    static func forecast(_ history: ArraySlice<Double>, weeks: Int, levelWeeks: Int, trend: Double, horizon: Int) -> [Double] {
        let usable = min(weeks, history.count / 168)
        guard usable >= 2 else { return SeasonalProfileForecasts.weeklyMedian(history, weeks: weeks, horizon: horizon) }
        let end = history.endIndex
        var shape = [Double](repeating: 0, count: 168)
        var totals = [Double](repeating: 0, count: usable)
        for week in 0..<usable {
            let start = end - 168 * (week + 1)
            var total = 0.0
            for offset in 0..<168 {
                let value = history[start + offset]
                shape[offset] += value
                total += value
            }
            totals[week] = total
        }
        let meanTotal = totals.reduce(0, +) / Double(usable)
        guard meanTotal > 0 else { return [Double](repeating: 0, count: horizon) }
        let recentWeeks = min(max(levelWeeks, 1), usable)
        let level = totals[..<recentWeeks].reduce(0, +) / Double(recentWeeks) / meanTotal
        let slope = trend > 0 ? Self.slopePerHour(totals) / meanTotal : 0
        let recentCentre = 84.0 * Double(recentWeeks)
        return (0..<horizon).map { step in
            let scale = max(level + trend * slope * (recentCentre + Double(step)), 0)
            return shape[step % 168] / Double(usable) * scale
        }
    }

    /// Least-squares slope of weekly totals (most recent first) per hour.
    static func slopePerHour(_ totals: [Double]) -> Double {
        let count = Double(totals.count)
        let centres = totals.indices.map { -84.0 - 168.0 * Double($0) }
        let meanCentre = centres.reduce(0, +) / count
        let meanTotal = totals.reduce(0, +) / count
        var covariance = 0.0
        var variance = 0.0
        for (centre, total) in zip(centres, totals) {
            covariance += (centre - meanCentre) * (total - meanTotal)
            variance += (centre - meanCentre) * (centre - meanCentre)
        }
        return variance > 0 ? covariance / variance : 0
    }
}
