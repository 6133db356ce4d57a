/// Forecasts from the mean weekly shape of many weeks, brought to the level of the last few.
///
/// Each hour of the week is the mean of that hour over the last `weeks` whole weeks (counted back from the end),
/// which averages out hour-to-hour noise; the whole shape is then scaled by the total of the last `levelWeeks`
/// weeks over the mean weekly total, so a level that has moved (a run-up, a slump) is not averaged away.
/// `trend` > 0 also follows the slope of the weekly totals on, damped by that factor.
/// Each hour is then blended with its two neighbours as much as the hour means' own noise warrants
/// (``smoothed(_:squares:weeks:)``), which matters for low counts such as a few orders an hour.
enum LevelledWeeklyProfile {
    /// Next `horizon` values after `history`; with fewer than two whole weeks, the weekly median instead.
    static func forecast(_ history: ArraySlice<Double>, weeks: Int, levelWeeks: Int, trend: Double, horizon: Int) -> [Double] {
        let usable = min(weeks, history.count / 168)
        guard usable >= 2 else { return SeasonalProfileForecasts.weeklyMedian(history, weeks: weeks, horizon: horizon) }
        let end = history.endIndex
        var shape = [Double](repeating: 0, count: 168)
        var squares = [Double](repeating: 0, count: 168)
        var totals = [Double](repeating: 0, count: usable)
        for week in 0..<usable {
            let start = end - 168 * (week + 1)
            var total = 0.0
            for offset in 0..<168 {
                let value = history[start + offset]
                shape[offset] += value
                squares[offset] += value * value
                total += value
            }
            totals[week] = total
        }
        shape = smoothed(shape, squares: squares, weeks: usable)
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

    /// The hour-of-week sums blended with their neighbours, `(1 − 2w)·own + w·before + w·after`, with the weight that
    /// minimises the estimated squared error of the hour means.
    ///
    /// With `V` the summed variance of the hour means (from the spread of each hour across the weeks) and `K` the
    /// summed squared second difference of the means, the error is `w²·C + ((1 − 2w)² + 2w²)·V` for the true
    /// curvature `C`, whose expected estimate is `K = C + 6V`; the minimum is at `w = 2V / K`, capped at 1/3 (plain
    /// three-hour means, for a shape that is all noise). A sharp, well-measured shape (commuter peaks) keeps `w` near 0.
    static func smoothed(_ sums: [Double], squares: [Double], weeks: Int) -> [Double] {
        let count = Double(weeks)
        guard count > 1 else { return sums }
        var noise = 0.0
        var curvature = 0.0
        for hour in 0..<168 {
            let mean = sums[hour] / count
            let variance = max(squares[hour] / count - mean * mean, 0) * count / (count - 1)
            noise += variance / count
            let second = (sums[(hour + 167) % 168] + sums[(hour + 1) % 168] - 2 * sums[hour]) / count
            curvature += second * second
        }
        guard curvature > 0 else { return sums }
        let weight = min(2 * noise / curvature, 1.0 / 3)
        return (0..<168).map { hour in
            (1 - 2 * weight) * sums[hour] + weight * (sums[(hour + 167) % 168] + sums[(hour + 1) % 168])
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
