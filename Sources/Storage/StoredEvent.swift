import CanonicalModel
import Foundation

/// One stored event as an order's timeline holds it: its CloudEvents attributes and typed data.
public struct StoredEvent: Sendable, Equatable {
    public var id: String
    public var channel: String
    public var type: EventType
    public var orderId: String
    /// When the event was recorded (RFC 3339).
    public var recordedAt: String
    public var tenant: String
    public var channelOrderId: String
    /// The event's place in its order's sequence.
    public var orderSequence: Int64
    /// The channel's own ordering number, when it sent one.
    public var channelSequence: Int64?
    public var outcome: EventOutcome
    /// The mapping version that produced the event (`shopify@v3`), nil for the canonical format.
    public var mappingVersion: String?
    public var data: StoredEventData

    /// Creates a StoredEvent from its parts.
    public init(
        id: String, channel: String, type: EventType, orderId: String, recordedAt: String, tenant: String, channelOrderId: String,
        orderSequence: Int64, channelSequence: Int64?, outcome: EventOutcome, mappingVersion: String?, data: StoredEventData
    ) {
        self.id = id
        self.channel = channel
        self.type = type
        self.orderId = orderId
        self.recordedAt = recordedAt
        self.tenant = tenant
        self.channelOrderId = channelOrderId
        self.orderSequence = orderSequence
        self.channelSequence = channelSequence
        self.outcome = outcome
        self.mappingVersion = mappingVersion
        self.data = data
    }
}

/// The `data` of a stored event: a whole canonical order, or another payload (payment, shipment, routing decision, …).
public enum StoredEventData: Sendable, Equatable {
    case order(CanonicalOrder)
    case payload(JSONValue)

    /// The data stored as `text`; unreadable text is reported as corruption.
    public static func decode(_ text: String) throws(StoreError) -> StoredEventData {
        do throws(CanonicalJSON.DecodingFailure) {
            return CanonicalJSON.isOrderText(text) ? .order(try CanonicalJSON.order(from: text)) : .payload(try CanonicalJSON.value(from: text))
        } catch {
            throw StoreError(.internal, error.description)
        }
    }

    /// The whole order, when the data is one.
    public var order: CanonicalOrder? {
        if case .order(let order) = self { return order }
        return nil
    }
}

extension StoredEvent: Encodable {
    private enum Key: String, CodingKey {
        case specversion, id, source, type, subject, time, datacontenttype, tenantid, channelorderid, ordersequence
        case channelsequence, outcome, mappingversion, data
    }

    /// Encodes the CloudEvents 1.0 envelope, the same members the event feed serves.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("1.0", forKey: .specversion)
        try container.encode(id, forKey: .id)
        try container.encode("/channels/" + channel, forKey: .source)
        try container.encode(type.cloudEventType, forKey: .type)
        try container.encode(orderId, forKey: .subject)
        try container.encode(recordedAt, forKey: .time)
        try container.encode("application/json", forKey: .datacontenttype)
        try container.encode(tenant, forKey: .tenantid)
        try container.encode(channelOrderId, forKey: .channelorderid)
        try container.encode(orderSequence, forKey: .ordersequence)
        try container.encodeIfPresent(channelSequence, forKey: .channelsequence)
        try container.encode(outcome, forKey: .outcome)
        try container.encodeIfPresent(mappingVersion, forKey: .mappingversion)
        switch data {
        case .order(let order): try container.encode(order, forKey: .data)
        case .payload(let value): try container.encode(value, forKey: .data)
        }
    }
}
