/// Finds values far from their seasonal baseline (median of the same hour in neighbouring weeks or days).
///
/// Residuals are divided by √max(baseline, 1) (count-like variance) and compared with the series'
/// robust scale (1.4826 · MAD); beyond `threshold` scales the value is flagged and replaced by its baseline.
enum OutlierScreen {
    /// Neighbouring seasons on each side used for the baseline.
    static let neighbours = 3

    /// Returns the cleaned values and the indices that were replaced.
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
            cleaned[index] = baselines[index]
        }
        return (cleaned, outliers)
    }
}
