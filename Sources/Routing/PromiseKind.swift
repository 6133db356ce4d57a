/// The kind of delivery promised to the customer.
public enum PromiseKind: String, Sendable, Codable, CaseIterable {
    /// Delivered within two hours from a nearby store.
    case twoHour = "2-hour"
    /// Delivered the next day.
    case nextDay = "next-day"
    /// Delivered in a few days.
    case standard
    /// Ready for pickup in a store.
    case pickup
}
