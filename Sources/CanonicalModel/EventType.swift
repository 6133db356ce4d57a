/// The kinds of canonical order events.
public enum EventType: String, Sendable, Codable, CaseIterable {
    case orderCreated = "OrderCreated"
    case paymentConfirmed = "PaymentConfirmed"
    case shipmentUpdated = "ShipmentUpdated"
    case orderCancelled = "OrderCancelled"
    case returnRequested = "ReturnRequested"
    case orderUpdated = "OrderUpdated"
    /// The routing core chose the node(s) that fulfil the order.
    case orderRouted = "OrderRouted"
    /// The routing core moved the order to other node(s) (failover, review override).
    case orderRerouted = "OrderRerouted"
    /// The routing core chose where a return goes back to (a store near the buyer, ROPO).
    case returnRouted = "ReturnRouted"

    /// The CloudEvents `type` attribute, e.g. `com.channelgate.order.created`.
    public var cloudEventType: String {
        switch self {
        case .orderCreated: "com.channelgate.order.created"
        case .paymentConfirmed: "com.channelgate.order.payment_confirmed"
        case .shipmentUpdated: "com.channelgate.order.shipment_updated"
        case .orderCancelled: "com.channelgate.order.cancelled"
        case .returnRequested: "com.channelgate.order.return_requested"
        case .orderUpdated: "com.channelgate.order.updated"
        case .orderRouted: "com.channelgate.order.routed"
        case .orderRerouted: "com.channelgate.order.rerouted"
        case .returnRouted: "com.channelgate.order.return_routed"
        }
    }
}
