/// Forecast accuracy of a set of hours: WAPE, MASE (weekly seasonal scale, m = 168) and interval coverage.
public struct AccuracyMetrics: Sendable, Equatable {
    /// Seasonal period of the MASE scale: the in-sample mean absolute error of the weekly seasonal naive.
    public static let maseSeasonalPeriod = 168

    /// Hours scored.
    public private(set) var count = 0
    /// Sum of |actual − forecast|.
    public private(set) var absoluteErrorSum = 0.0
    /// Sum of |actual|.
    public private(set) var actualSum = 0.0
    /// Sum of |actual − forecast| / scale over hours that had a MASE scale.
    public private(set) var scaledErrorSum = 0.0
    /// Hours that had a MASE scale.
    public private(set) var scaledCount = 0
    /// Hours that had intervals.
    public private(set) var intervalCount = 0
    /// Hours whose actual fell inside the 80 % interval.
    public private(set) var inside80 = 0
    /// Hours whose actual fell inside the 95 % interval.
    public private(set) var inside95 = 0

    /// Empty metrics.
    public init() {}

    /// Weighted absolute percentage error: Σ|e| / Σ|y| (nil with no demand).
    public var wape: Double? { actualSum > 0 ? absoluteErrorSum / actualSum : nil }
    /// Mean absolute scaled error against the weekly seasonal naive's in-sample error.
    public var mase: Double? { scaledCount > 0 ? scaledErrorSum / Double(scaledCount) : nil }
    /// Share of actuals inside the 80 % interval.
    public var coverage80: Double? { intervalCount > 0 ? Double(inside80) / Double(intervalCount) : nil }
    /// Share of actuals inside the 95 % interval.
    public var coverage95: Double? { intervalCount > 0 ? Double(inside95) / Double(intervalCount) : nil }

    /// Scores one hour; `scale` is the MASE denominator, `point` supplies intervals when given.
    public mutating func record(actual: Double, forecast: Double, scale: Double?, point: ForecastPoint? = nil) {
        count += 1
        absoluteErrorSum += abs(actual - forecast)
        actualSum += abs(actual)
        if let scale, scale > 0 {
            scaledErrorSum += abs(actual - forecast) / scale
            scaledCount += 1
        }
        if let point {
            intervalCount += 1
            if actual >= point.lower80 && actual <= point.upper80 { inside80 += 1 }
            if actual >= point.lower95 && actual <= point.upper95 { inside95 += 1 }
        }
    }

    /// Adds another set of scored hours.
    public mutating func merge(_ other: AccuracyMetrics) {
        count += other.count
        absoluteErrorSum += other.absoluteErrorSum
        actualSum += other.actualSum
        scaledErrorSum += other.scaledErrorSum
        scaledCount += other.scaledCount
        intervalCount += other.intervalCount
        inside80 += other.inside80
        inside95 += other.inside95
    }

    /// MASE denominator: mean |y_t − y_{t−168}| over `history` (`nan` skipped); nil if it has under two weeks.
    public static func maseScale(history: [Double], period: Int = maseSeasonalPeriod) -> Double? {
        guard history.count > period else { return nil }
        var total = 0.0
        var count = 0
        for index in period..<history.count where !history[index].isNaN && !history[index - period].isNaN {
            total += abs(history[index] - history[index - period])
            count += 1
        }
        return count > 0 && total > 0 ? total / Double(count) : nil
    }
}
