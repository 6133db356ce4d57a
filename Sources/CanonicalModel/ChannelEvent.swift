import Foundation

/// What an event says, by kind.
public enum EventBody: Sendable, Equatable {
    /// A whole order (OrderCreated, OrderUpdated).
    case order(CanonicalOrder)
    case payment(Payment)
    case shipment(Shipment)
    case cancellation(Cancellation)
    case returnRequest(ReturnRequest)
    /// A routing decision (OrderRouted, OrderRerouted) as the routing core's JSON; it never comes from a channel.
    case routing(json: String)
}

/// A canonical event as a channel message yields it, before the gateway assigns identity and sequence.
public struct ChannelEvent: Sendable, Equatable {
    public var type: EventType
    /// The channel's own order id.
    public var channelOrderId: String
    /// The channel's ordering number for changes of this order, when it sends one.
    public var channelSequence: Int64?
    /// When the change happened at the channel, when it says.
    public var occurredAt: Date?
    public var body: EventBody

    /// Creates a ChannelEvent from its parts.
    public init(type: EventType, channelOrderId: String, channelSequence: Int64? = nil, occurredAt: Date? = nil, body: EventBody) {
        self.type = type
        self.channelOrderId = channelOrderId
        self.channelSequence = channelSequence
        self.occurredAt = occurredAt
        self.body = body
    }

    /// The version this event carries, for ordering against stored state.
    public var version: OrderVersion { OrderVersion(channelSequence: channelSequence, channelUpdatedAt: occurredAt) }
}

extension EventBody: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .order(let order): try order.encode(to: encoder)
        case .payment(let payment): try payment.encode(to: encoder)
        case .shipment(let shipment): try shipment.encode(to: encoder)
        case .cancellation(let cancellation): try cancellation.encode(to: encoder)
        case .returnRequest(let request): try request.encode(to: encoder)
        case .routing(let json):
            var container = encoder.singleValueContainer()
            try container.encode(json)
        }
    }
}
