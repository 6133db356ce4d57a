/// Point forecasts that read straight from past values: seasonal naive and weekly median.
enum SeasonalProfileForecasts {
    /// Next `horizon` values after `history`, each the value `period` hours (or whole multiples) earlier.
    static func seasonalNaive(_ history: ArraySlice<Double>, period: Int, horizon: Int) -> [Double] {
        guard !history.isEmpty else { return [Double](repeating: 0, count: horizon) }
        let end = history.endIndex
        return (0..<horizon).map { step in
            let usable = min(period, history.count)
            let back = usable * (step / usable + 1)
            return history[end + step - back]
        }
    }

    /// Next `horizon` values after `history`, each the median of the same hour in up to `weeks` past weeks.
    static func weeklyMedian(_ history: ArraySlice<Double>, weeks: Int, horizon: Int) -> [Double] {
        guard history.count >= 168 else { return seasonalNaive(history, period: 24, horizon: horizon) }
        let end = history.endIndex
        var window: [Double] = []
        window.reserveCapacity(weeks)
        return (0..<horizon).map { step in
            window.removeAll(keepingCapacity: true)
            var back = 168 * (step / 168 + 1)
            while window.count < weeks, end + step - back >= history.startIndex {
                window.append(history[end + step - back])
                back += 168
            }
            return RobustStatistics.medianInPlace(&window)
        }
    }
}
