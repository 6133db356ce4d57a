import CanonicalModel
import Foundation

/// An inbound channel message exactly as received, for the archive.
public struct InboundMessage: Sendable {
    public var tenant: String
    public var channel: String
    /// The idempotency key: the channel's message id, else a hash of the content.
    public var messageKey: String
    public var receivedAt: Date
    public var contentType: String?
    /// The headers worth keeping (content type, message ids, signatures' presence), as a JSON object text.
    public var headersJSON: String
    public var body: [UInt8]
    /// A digest of the unsealed body (`sha256:…`): a resent key with another digest is a different message, never a replay.
    public var contentKey: String?
    /// Where the key came from (`Idempotency-Key`, the mapping's `messageId`), named in the error when it is reused.
    public var keyField: String?

    /// Creates an InboundMessage from its parts.
    public init(
        tenant: String, channel: String, messageKey: String, receivedAt: Date, contentType: String?,
        headersJSON: String, body: [UInt8], contentKey: String? = nil, keyField: String? = nil
    ) {
        self.tenant = tenant
        self.channel = channel
        self.messageKey = messageKey
        self.receivedAt = receivedAt
        self.contentType = contentType
        self.headersJSON = headersJSON
        self.body = body
        self.contentKey = contentKey
        self.keyField = keyField
    }
}

/// A canonical event ready to store: identity assigned, data already encoded as JSON.
public struct PendingEvent: Sendable {
    public var id: String
    public var orderId: String
    public var parentOrderId: String?
    public var event: ChannelEvent
    /// The CloudEvents `data` member as JSON text (the whole canonical order for order-carrying events).
    public var dataJSON: String
    /// The mapping version that produced the event (`shopify@v3`), nil for the canonical format.
    public var mappingVersion: String?
    /// The channel the order belongs to when the event came in on another channel.
    public var orderChannel: String?
    /// Push this change back to the order's channel through the outbox (it arose inside ChannelGate).
    public var outbound = false
    /// Set when `orderId` is only proposed for a new order: the order's id derived from its channel order id. The
    /// store keeps the id of an order it already has under the same channel order id, this derived id when an earlier
    /// order names it as its parent, and the proposed id otherwise (``OrderIdResolution``).
    public var derivedOrderId: String?

    /// Creates a PendingEvent from its parts.
    public init(id: String, orderId: String, parentOrderId: String?, event: ChannelEvent, dataJSON: String, mappingVersion: String? = nil) {
        self.id = id
        self.orderId = orderId
        self.parentOrderId = parentOrderId
        self.event = event
        self.dataJSON = dataJSON
        self.mappingVersion = mappingVersion
    }

    /// True when `dataJSON` is a whole canonical order.
    public var carriesOrder: Bool {
        if case .order = event.body { return true }
        return false
    }
}

/// How a stored event affected its order.
public enum EventOutcome: String, Sendable, Codable {
    /// The event changed (or confirmed) the order's state.
    case applied
    /// Older than the stored state: kept in the timeline, state untouched.
    case stale
    /// Impossible in the order's status: kept, recorded as a conflict on the order.
    case conflict
}

/// An event as committed: its place in the log and in its order's sequence.
public struct CommittedEvent: Sendable, Codable, Equatable {
    public var id: String
    public var type: EventType
    public var orderId: String
    public var channelOrderId: String
    public var sequence: Int64
    public var position: Int64
    public var outcome: EventOutcome
    /// The order's status after this event.
    public var status: String

    /// Creates a CommittedEvent from its parts.
    public init(
        id: String, type: EventType, orderId: String, channelOrderId: String, sequence: Int64, position: Int64, outcome: EventOutcome, status: String
    ) {
        self.id = id
        self.type = type
        self.orderId = orderId
        self.channelOrderId = channelOrderId
        self.sequence = sequence
        self.position = position
        self.outcome = outcome
        self.status = status
    }
}

/// The HTTP answer stored with an inbound message, returned again when the message is resent.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var body: String

    /// Creates a StoredResponse from its parts.
    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// The result of storing a message: the answer to give, and whether it is a resend's original answer.
public struct AppendResult: Sendable {
    public var response: StoredResponse
    /// True when the message was seen before and nothing new was stored.
    public var replayed: Bool
    public var events: [CommittedEvent]
    /// The dead letter keeping a message whose key an earlier, different message already used (nothing was applied).
    public var reusedKeyDeadLetterId: Int64?

    /// Creates a AppendResult from its parts.
    public init(
        response: StoredResponse, replayed: Bool, events: [CommittedEvent], reusedKeyDeadLetterId: Int64? = nil
    ) {
        self.response = response
        self.replayed = replayed
        self.events = events
        self.reusedKeyDeadLetterId = reusedKeyDeadLetterId
    }
}

/// One stored event as the feed serves it.
public struct FeedEvent: Sendable {
    public var position: Int64
    /// The CloudEvents JSON envelope text.
    public var envelope: String
    /// The event id (`id` in the envelope).
    public var id: String = ""
    /// The channel the event came from.
    public var channel: String = ""
    /// The canonical event type.
    public var type: EventType = .orderUpdated
    public var tenant: String = ""
    public var orderId: String = ""
    public var channelOrderId: String = ""
    /// How the event affected its order.
    public var outcome: EventOutcome = .applied
    /// The CloudEvents `data` member as stored (sealed personal data stays sealed).
    public var data: String = ""
    /// When the event was recorded (RFC 3339).
    public var recordedAt: String?

    /// Creates a FeedEvent from its parts.
    public init(
        position: Int64, envelope: String, id: String = "", channel: String = "", type: EventType = .orderUpdated, tenant: String = "", orderId: String = "", channelOrderId: String = "", outcome: EventOutcome = .applied, data: String = "", recordedAt: String? = nil
    ) {
        self.position = position
        self.envelope = envelope
        self.id = id
        self.channel = channel
        self.type = type
        self.tenant = tenant
        self.orderId = orderId
        self.channelOrderId = channelOrderId
        self.outcome = outcome
        self.data = data
        self.recordedAt = recordedAt
    }
}

/// An order's current state with its timeline and conflicts.
public struct OrderView: Sendable {
    public var orderId: String
    public var channel: String
    public var channelOrderId: String
    public var status: String
    public var sequence: Int64
    public var parentOrderId: String?
    public var childOrderIds: [String]
    public var createdAt: String
    public var updatedAt: String
    /// The canonical order as last stored (personal data sealed), nil until an order-carrying event arrived.
    public var order: CanonicalOrder?
    public var conflicts: [OrderConflict]
    /// The order's events in per-order sequence.
    public var timeline: [StoredEvent]

    /// Creates a OrderView from its parts.
    public init(
        orderId: String, channel: String, channelOrderId: String, status: String, sequence: Int64, parentOrderId: String? = nil, childOrderIds: [String], createdAt: String, updatedAt: String, order: CanonicalOrder? = nil, conflicts: [OrderConflict], timeline: [StoredEvent]
    ) {
        self.orderId = orderId
        self.channel = channel
        self.channelOrderId = channelOrderId
        self.status = status
        self.sequence = sequence
        self.parentOrderId = parentOrderId
        self.childOrderIds = childOrderIds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.order = order
        self.conflicts = conflicts
        self.timeline = timeline
    }
}

/// An impossible transition recorded on an order.
public struct OrderConflict: Sendable, Codable {
    public var eventId: String
    public var reason: String
    public var detectedAt: String

    /// Creates a OrderConflict from its parts.
    public init(
        eventId: String, reason: String, detectedAt: String
    ) {
        self.eventId = eventId
        self.reason = reason
        self.detectedAt = detectedAt
    }
}

/// One row of an order listing.
public struct OrderSummary: Sendable {
    public var orderId: String
    public var channel: String
    public var channelOrderId: String
    public var status: String
    public var updatedAt: String
    public var position: Int64
    /// The canonical order as last stored (personal data sealed), nil until an order-carrying event arrived.
    public var order: CanonicalOrder?

    /// Creates a OrderSummary from its parts.
    public init(
        orderId: String, channel: String, channelOrderId: String, status: String, updatedAt: String, position: Int64, order: CanonicalOrder? = nil
    ) {
        self.orderId = orderId
        self.channel = channel
        self.channelOrderId = channelOrderId
        self.status = status
        self.updatedAt = updatedAt
        self.position = position
        self.order = order
    }
}

/// Filters for listing orders.
public struct OrderFilter: Sendable {
    public var channel: String?
    public var status: String?
    public var updatedSince: Date?
    /// Only orders whose last change is after this state position (the paging cursor).
    public var after: Int64
    public var limit: Int

    /// Creates an OrderFilter from its parts.
    public init(channel: String? = nil, status: String? = nil, updatedSince: Date? = nil, after: Int64 = 0, limit: Int = 100) {
        self.channel = channel
        self.status = status
        self.updatedSince = updatedSince
        self.after = after
        self.limit = limit
    }
}

/// A message that could not become events, kept whole with its error.
public struct DeadLetter: Sendable {
    public var id: Int64
    public var channel: String
    public var messageKey: String
    public var receivedAt: String
    public var contentType: String?
    public var errorCode: String
    public var errorMessage: String
    public var errorField: String?
    /// `open` until a replay succeeds, then `replayed`.
    public var status: DeadLetterStatus
    public var replayCount: Int64
    public var body: [UInt8]

    /// Creates a DeadLetter from its parts.
    public init(
        id: Int64, channel: String, messageKey: String, receivedAt: String, contentType: String? = nil, errorCode: String, errorMessage: String, errorField: String? = nil, status: DeadLetterStatus, replayCount: Int64, body: [UInt8]
    ) {
        self.id = id
        self.channel = channel
        self.messageKey = messageKey
        self.receivedAt = receivedAt
        self.contentType = contentType
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.errorField = errorField
        self.status = status
        self.replayCount = replayCount
        self.body = body
    }
}

/// Where appended events come from: a new inbound message, or a dead letter being replayed.
public enum AppendSource: Sendable {
    case message(InboundMessage)
    /// A dead letter replayed as stored, or with a corrected message that is archived (and deduplicated) in its own right.
    case deadLetter(tenant: String, id: Int64, replacement: InboundMessage?)
    /// Events a core of ChannelGate itself decided (routing), for orders on `channel`; no inbound message. Under a `lease`,
    /// nothing is stored once another process holds it (``StoreError/Kind/leaseLost``).
    case core(tenant: String, channel: String, lease: Lease? = nil)
}
