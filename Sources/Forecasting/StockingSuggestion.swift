/// Suggested stock for a node and SKU: forecast demand over the lead time plus safety stock.
///
/// With L the lead time in hours, D = Σ forecast over the first L hours, σ the mean per-hour forecast error
/// standard deviation over those hours (each from its 95 % interval: (hi95 − lo95) / 3.92) and z the normal
/// quantile of the service level: suggested stock = D + z · σ · √L (hour errors taken as independent).
public struct StockingSuggestion: Sendable, Equatable {
    /// Lead time in hours.
    public let leadTimeHours: Int
    /// Service level the safety stock aims at (0.95 = 95 % of lead times without a stock-out).
    public let serviceLevel: Double
    /// Forecast demand over the lead time (D).
    public let leadTimeDemand: Double
    /// z · σ · √L.
    public let safetyStock: Double

    /// D + safety stock, rounded up to whole units.
    public var suggestedStock: Double { (leadTimeDemand + safetyStock).rounded(.up) }

    /// Computes the suggestion from a forecast covering at least `leadTimeHours` hours (shorter ones are used as they are).
    public init(forecast: Forecast, leadTimeHours: Int, serviceLevel: Double) {
        let points = forecast.points.prefix(max(leadTimeHours, 0))
        let hours = points.count
        let demand = points.reduce(0) { $0 + $1.value }
        let meanSpread = hours > 0 ? points.reduce(0) { $0 + ($1.upper95 - $1.lower95) / 3.92 } / Double(hours) : 0
        let z = NormalQuantile.z(serviceLevel)
        self.leadTimeHours = hours
        self.serviceLevel = serviceLevel
        self.leadTimeDemand = demand
        self.safetyStock = max(z * meanSpread * Double(hours).squareRoot(), 0)
    }
}
