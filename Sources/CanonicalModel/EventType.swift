/// The kinds of canonical order events.
public enum EventType: String, Sendable, Codable, CaseIterable {
    case orderCreated = "OrderCreated"
    case paymentConfirmed = "PaymentConfirmed"
    case shipmentUpdated = "ShipmentUpdated"
    case orderCancelled = "OrderCancelled"
    case returnRequested = "ReturnRequested"
    case orderUpdated = "OrderUpdated"

    /// The CloudEvents `type` attribute, e.g. `com.channelgate.order.created`.
    public var cloudEventType: String {
        switch self {
        case .orderCreated: "com.channelgate.order.created"
        case .paymentConfirmed: "com.channelgate.order.payment_confirmed"
        case .shipmentUpdated: "com.channelgate.order.shipment_updated"
        case .orderCancelled: "com.channelgate.order.cancelled"
        case .returnRequested: "com.channelgate.order.return_requested"
        case .orderUpdated: "com.channelgate.order.updated"
        }
    }
}
