import CanonicalModel

/// One row of the event log as every backend reads it back: the columns that make a feed event and its envelope.
public struct LoggedEvent: Sendable {
    public var position: Int64
    public var id: String
    public var channel: String
    public var type: EventType
    public var orderId: String
    /// When the event was recorded (RFC 3339).
    public var recordedAt: String
    public var tenant: String
    public var channelOrderId: String
    public var orderSequence: Int64
    public var channelSequence: Int64?
    public var outcome: EventOutcome
    /// The event's data as stored (JSON text; sealed personal data stays sealed).
    public var data: String
    public var mappingVersion: String?

    /// Creates a LoggedEvent from its columns.
    public init(
        position: Int64, id: String, channel: String, type: EventType, orderId: String, recordedAt: String, tenant: String,
        channelOrderId: String, orderSequence: Int64, channelSequence: Int64?, outcome: EventOutcome, data: String, mappingVersion: String?
    ) {
        self.position = position
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
        self.data = data
        self.mappingVersion = mappingVersion
    }

    /// The CloudEvents 1.0 JSON envelope around the stored data.
    public var envelope: String {
        var text = "{\"specversion\":\"1.0\",\"id\":" + JSONString.quoted(id)
        text += ",\"source\":" + JSONString.quoted("/channels/" + channel)
        text += ",\"type\":" + JSONString.quoted(type.cloudEventType)
        text += ",\"subject\":" + JSONString.quoted(orderId)
        text += ",\"time\":" + JSONString.quoted(recordedAt)
        text += ",\"datacontenttype\":\"application/json\""
        text += ",\"tenantid\":" + JSONString.quoted(tenant)
        text += ",\"channelorderid\":" + JSONString.quoted(channelOrderId)
        text += ",\"ordersequence\":" + String(orderSequence)
        if let channelSequence { text += ",\"channelsequence\":" + String(channelSequence) }
        text += ",\"outcome\":" + JSONString.quoted(outcome.rawValue)
        if let mappingVersion { text += ",\"mappingversion\":" + JSONString.quoted(mappingVersion) }
        text += ",\"data\":" + data + "}"
        return text
    }

    /// The feed's view of this event, with its envelope or (for ChannelGate's own cores) without.
    public func feedEvent(withEnvelope: Bool = true) -> FeedEvent {
        FeedEvent(
            position: position, envelope: withEnvelope ? envelope : "", id: id, channel: channel, type: type, tenant: tenant,
            orderId: orderId, channelOrderId: channelOrderId, outcome: outcome, data: data, recordedAt: recordedAt
        )
    }

    /// The typed event, its data decoded.
    public func storedEvent() throws(StoreError) -> StoredEvent {
        StoredEvent(
            id: id, channel: channel, type: type, orderId: orderId, recordedAt: recordedAt, tenant: tenant, channelOrderId: channelOrderId,
            orderSequence: orderSequence, channelSequence: channelSequence, outcome: outcome, mappingVersion: mappingVersion,
            data: try StoredEventData.decode(data)
        )
    }
}
