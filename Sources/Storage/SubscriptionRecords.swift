/// A downstream system's subscription to canonical events, with its delivery cursor.
public struct SubscriptionRecord: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var url: String
    /// Canonical event type names (`OrderCreated`, …); empty means every type.
    public var eventTypes: [String]
    /// Channels; empty means every channel.
    public var channels: [String]
    /// The HMAC key deliveries are signed with (stored sealed).
    public var secret: [UInt8]
    /// Deliver personal data unmasked.
    public var includePersonalData: Bool
    /// Whether it delivers.
    public var status: SubscriptionStatus
    /// The feed position of the last event handled (delivered, skipped by the filters, or set aside as failed).
    public var cursor: Int64
    /// Failed attempts at the event after the cursor.
    public var attempts: Int
    public var lastError: String?
    public var lastDeliveredAt: String?
    public var createdAt: String
    public var updatedAt: String

    /// Creates a SubscriptionRecord from its parts.
    public init(
        id: String, tenant: String, url: String, eventTypes: [String], channels: [String], secret: [UInt8], includePersonalData: Bool,
        status: SubscriptionStatus, cursor: Int64, attempts: Int = 0, lastError: String? = nil, lastDeliveredAt: String? = nil, createdAt: String,
        updatedAt: String
    ) {
        self.id = id
        self.tenant = tenant
        self.url = url
        self.eventTypes = eventTypes
        self.channels = channels
        self.secret = secret
        self.includePersonalData = includePersonalData
        self.status = status
        self.cursor = cursor
        self.attempts = attempts
        self.lastError = lastError
        self.lastDeliveredAt = lastDeliveredAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// True when `event` passes this subscription's type and channel filters.
    public func matches(_ event: FeedEvent) -> Bool {
        (eventTypes.isEmpty || eventTypes.contains(event.type.rawValue)) && (channels.isEmpty || channels.contains(event.channel))
    }
}

/// An event a subscription gave up delivering after repeated failures; redeliverable on request.
public struct SubscriptionFailure: Sendable, Equatable {
    public var id: Int64
    public var subscriptionId: String
    public var position: Int64
    public var eventId: String
    public var attempts: Int
    public var error: String
    public var status: SubscriptionFailureStatus
    public var createdAt: String

    /// Creates a SubscriptionFailure from its parts.
    public init(
        id: Int64, subscriptionId: String, position: Int64, eventId: String, attempts: Int, error: String, status: SubscriptionFailureStatus, createdAt: String
    ) {
        self.id = id
        self.subscriptionId = subscriptionId
        self.position = position
        self.eventId = eventId
        self.attempts = attempts
        self.error = error
        self.status = status
        self.createdAt = createdAt
    }
}
