/// Order statistics used by outlier screening, imputation and intervals.
enum RobustStatistics {
    /// Median of the values (0 for none); sorts a copy.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Median of a small buffer, reordering it in place (insertion sort; no allocation).
    static func medianInPlace(_ values: inout [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        for index in 1..<max(values.count, 1) {
            let current = values[index]
            var position = index
            while position > 0, values[position - 1] > current {
                values[position] = values[position - 1]
                position -= 1
            }
            values[position] = current
        }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// Linear-interpolated quantile `probability` of already sorted values.
    static func quantile(sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = probability * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Median absolute deviation scaled to match a normal standard deviation (× 1.4826).
    static func scaledMAD(_ values: [Double]) -> Double {
        let center = median(values)
        return 1.4826 * median(values.map { abs($0 - center) })
    }
}
