import CanonicalModel
import Foundation

/// A change that arose inside ChannelGate waiting to be pushed back to the order's channel.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    public var tenant: String
    public var channel: String
    public var orderId: String
    public var channelOrderId: String
    /// The event id, sent as the idempotency key so the channel applies the change once.
    public var eventId: String
    public var eventType: EventType
    public var position: Int64
    /// `pending` (due or waiting to retry), `sent` or `failed`.
    public var status: OutboxStatus
    public var attempts: Int
    public var lastError: String?
    public var createdAt: String
    public var sentAt: String?

    /// Creates a OutboxEntry from its parts.
    public init(
        id: Int64, tenant: String, channel: String, orderId: String, channelOrderId: String, eventId: String, eventType: EventType, position: Int64, status: OutboxStatus, attempts: Int, lastError: String? = nil, createdAt: String, sentAt: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.channel = channel
        self.orderId = orderId
        self.channelOrderId = channelOrderId
        self.eventId = eventId
        self.eventType = eventType
        self.position = position
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}
