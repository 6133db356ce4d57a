/// Running state of additive double-seasonal Holt-Winters (Taylor 2003) with a robust, clipped update.
///
/// One-step prediction: level + daily[hour % 24] + weekly[hour % 168] + phi · last residual. The innovation
/// is clipped at 4 × its running mean absolute size, so a single outlier moves the state only a bounded amount.
struct DoubleSeasonalState: Sendable, Equatable {
    /// Hours needed to initialise the state (two weeks).
    static let minimumHours = 2 * 168
    /// Innovations beyond this many running mean absolute errors are clipped.
    static let clipMultiple = 4.0
    /// Weight of each new absolute innovation in the running error scale.
    static let scaleRate = 0.02

    let parameters: DoubleSeasonalParameters
    private(set) var level: Double
    private(set) var daily: [Double]
    private(set) var weekly: [Double]
    private(set) var residual = 0.0
    private(set) var errorScale: Double
    /// Hour number (Unix seconds / 3600) of the next observation.
    private(set) var nextHourNumber: Int64
    /// `nextHourNumber` modulo 24 and 168, kept alongside to avoid divisions per hour.
    private var dailySlot: Int
    private var weeklySlot: Int

    /// Initialises from the first two weeks of `values` (already on the fitting scale); nil if too short.
    init?(initialisingFrom values: ArraySlice<Double>, firstHourNumber: Int64, parameters: DoubleSeasonalParameters) {
        guard values.count >= Self.minimumHours else { return nil }
        let base = values.startIndex
        var firstWeek = 0.0
        for index in base..<(base + 168) { firstWeek += values[index] }
        let level = firstWeek / 168
        var daily = [Double](repeating: 0, count: 24)
        for index in base..<(base + 168) {
            daily[Self.slot(firstHourNumber + Int64(index - base), period: 24)] += (values[index] - level) / 7
        }
        var weekly = [Double](repeating: 0, count: 168)
        for index in base..<(base + Self.minimumHours) {
            let hourNumber = firstHourNumber + Int64(index - base)
            weekly[Self.slot(hourNumber, period: 168)] += (values[index] - level - daily[Self.slot(hourNumber, period: 24)]) / 2
        }
        var spread = 0.0
        for index in base..<(base + Self.minimumHours) {
            let hourNumber = firstHourNumber + Int64(index - base)
            spread += abs(values[index] - level - daily[Self.slot(hourNumber, period: 24)] - weekly[Self.slot(hourNumber, period: 168)])
        }
        self.parameters = parameters
        self.level = level
        self.daily = daily
        self.weekly = weekly
        self.errorScale = max(spread / Double(Self.minimumHours), 1e-6)
        self.nextHourNumber = firstHourNumber
        self.dailySlot = Self.slot(firstHourNumber, period: 24)
        self.weeklySlot = Self.slot(firstHourNumber, period: 168)
    }

    /// Takes one observation (fitting scale) for the hour `nextHourNumber`.
    mutating func observe(_ value: Double) {
        let base = level + daily[dailySlot] + weekly[weeklySlot]
        let innovation = value - base - parameters.phi * residual
        let limit = Self.clipMultiple * errorScale
        let clipped = min(max(innovation, -limit), limit)
        errorScale += Self.scaleRate * (abs(clipped) - errorScale)
        errorScale = max(errorScale, 1e-6)
        level += parameters.alpha * clipped
        daily[dailySlot] += parameters.delta * clipped
        weekly[weeklySlot] += parameters.omega * clipped
        residual = parameters.phi * residual + clipped
        nextHourNumber += 1
        dailySlot = dailySlot == 23 ? 0 : dailySlot + 1
        weeklySlot = weeklySlot == 167 ? 0 : weeklySlot + 1
    }

    /// Point forecasts (fitting scale) for the next `horizon` hours.
    func forecast(horizon: Int) -> [Double] {
        var result = [Double](repeating: 0, count: horizon)
        var carried = residual
        var daySlot = dailySlot
        var weekSlot = weeklySlot
        for step in 0..<horizon {
            carried *= parameters.phi
            result[step] = level + daily[daySlot] + weekly[weekSlot] + carried
            daySlot = daySlot == 23 ? 0 : daySlot + 1
            weekSlot = weekSlot == 167 ? 0 : weekSlot + 1
        }
        return result
    }

    static func slot(_ hourNumber: Int64, period: Int64) -> Int {
        let remainder = hourNumber % period
        return Int(remainder >= 0 ? remainder : remainder + period)
    }
}
