/// An order waiting for stock, with the reason no node could fill it.
public struct BackorderEntry: Sendable, Codable, Equatable {
    /// The order.
    public var orderId: String
    /// Why no node could fill it at the last attempt.
    public var reason: String

    /// Creates a backorder entry.
    public init(orderId: String, reason: String) {
        self.orderId = orderId
        self.reason = reason
    }
}
