/// Finds values far from their seasonal baseline (median of the same hour in neighbouring weeks or days).
///
/// Residuals are divided by √max(baseline, 1) (count-like variance) and compared with the series'
/// robust scale (1.4826 · MAD); beyond `threshold` scales the value is flagged and clipped to that distance from its
/// baseline, so a real burst (a wholesale customer's orders) still lifts the level a bounded amount instead of none.
enum OutlierScreen {
    /// Neighbouring seasons on each side used for the baseline.
    static let neighbours = 3
    /// Share of the detection distance an outlier is clipped to.
    static let clipShare = 0.5

    /// Returns the cleaned values and the indices that were clipped.
    static func screen(_ values: [Double], threshold: Double) -> (values: [Double], outliers: [Int]) {
        let period = values.count >= 3 * 168 ? 168 : 24
        guard values.count >= 3 * period else { return (values, []) }
        var baselines = [Double](repeating: 0, count: values.count)
        var scaled = [Double](repeating: 0, count: values.count)
        var window: [Double] = []
        window.reserveCapacity(2 * neighbours)
        for index in values.indices {
            window.removeAll(keepingCapacity: true)
            for step in 1...neighbours {
                let before = index - step * period
                let after = index + step * period
                if before >= 0 { window.append(values[before]) }
                if after < values.count { window.append(values[after]) }
            }
            let baseline = RobustStatistics.medianInPlace(&window)
            baselines[index] = baseline
            scaled[index] = (values[index] - baseline) / max(baseline, 1).squareRoot()
        }
        let scale = max(RobustStatistics.scaledMAD(scaled), 0.5)
        var cleaned = values
        var outliers: [Int] = []
        for index in values.indices where abs(scaled[index]) > threshold * scale {
            outliers.append(index)
            let limit = Self.clipShare * threshold * scale * max(baselines[index], 1).squareRoot()
            cleaned[index] = max(baselines[index] + (scaled[index] > 0 ? limit : -limit), 0)
        }
        return (cleaned, outliers)
    }
}
