/// Where an order stands in the routing core.
public enum RoutingStatus: String, Sendable, Codable, CaseIterable {
    /// Stock reserved at its node(s) and released to fulfilment.
    case routed
    /// Stock reserved, waiting for an operator's approval.
    case held
    /// No node can fill it yet; waiting for stock.
    case backordered
    /// Shipped: no longer re-routable.
    case shipped
    /// Cancelled: its stock was released.
    case cancelled
}
