/// Forecast of one hour: point value and 80 % / 95 % prediction intervals.
public struct ForecastPoint: Sendable, Equatable {
    /// Unix seconds of the hour.
    public let hour: Int64
    /// Point forecast (never negative).
    public let value: Double
    /// Lower bound of the 80 % interval.
    public let lower80: Double
    /// Upper bound of the 80 % interval.
    public let upper80: Double
    /// Lower bound of the 95 % interval.
    public let lower95: Double
    /// Upper bound of the 95 % interval.
    public let upper95: Double

    /// Creates a forecast point.
    public init(hour: Int64, value: Double, lower80: Double, upper80: Double, lower95: Double, upper95: Double) {
        self.hour = hour
        self.value = value
        self.lower80 = lower80
        self.upper80 = upper80
        self.lower95 = lower95
        self.upper95 = upper95
    }
}

/// Forecasts for consecutive hours from one fitted model.
public struct Forecast: Sendable, Equatable {
    /// Model that produced the forecast.
    public let method: ForecastMethod
    /// One point per hour, in order, starting the hour after the last observation.
    public let points: [ForecastPoint]

    /// Creates a forecast.
    public init(method: ForecastMethod, points: [ForecastPoint]) {
        self.method = method
        self.points = points
    }

    /// Point values in hour order.
    public var values: [Double] { points.map(\.value) }
}
