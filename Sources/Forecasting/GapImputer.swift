/// Fills missing hours (`nan`) with the median of the same hour in up to three weeks on each side
/// (else the same hour on neighbouring days, else the series median).
enum GapImputer {
    /// Seasons looked at on each side of a missing hour.
    static let neighbours = 3

    /// Returns the filled values and the indices that were missing.
    static func impute(_ values: [Double]) -> (values: [Double], imputed: [Int]) {
        let imputed = values.indices.filter { values[$0].isNaN }
        guard !imputed.isEmpty else { return (values, []) }
        var filled = values
        let fallback = RobustStatistics.median(values.filter { !$0.isNaN })
        var window: [Double] = []
        for index in imputed {
            filled[index] = seasonalNeighbours(of: index, in: values, window: &window) ?? fallback
        }
        return (filled, imputed)
    }

    /// Median of observed values at whole weeks (then whole days) from `index`; nil when there are none.
    private static func seasonalNeighbours(of index: Int, in values: [Double], window: inout [Double]) -> Double? {
        for period in [168, 24] {
            window.removeAll(keepingCapacity: true)
            for step in 1...neighbours {
                let before = index - step * period
                let after = index + step * period
                if before >= 0, !values[before].isNaN { window.append(values[before]) }
                if after < values.count, !values[after].isNaN { window.append(values[after]) }
            }
            if !window.isEmpty { return RobustStatistics.medianInPlace(&window) }
        }
        return nil
    }
}
