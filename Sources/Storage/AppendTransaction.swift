import CanonicalModel
import Foundation

/// What the appender reads and writes inside one backend transaction; a backend implements it over its connection.
///
/// Every call runs in the same transaction as the others of one append; a throw rolls all of them back.
public protocol AppendTransaction {
    /// The earlier message stored under the same key (its answer and content digest), nil when the key is new.
    func earlierMessage(tenant: String, channel: String, messageKey: String) throws -> EarlierMessage?

    /// Archives `message` (body as given, already sealed) with its result word; returns its archive id.
    func archive(_ message: InboundMessage, result: InboundResult) throws -> Int64

    /// Marks open dead letter `id` of `tenant` replayed at `time` and its archived message replayed; returns the
    /// message's archive id and channel. Throws not-found, or conflict when it was already replayed.
    func resolveDeadLetter(tenant: String, id: Int64, at time: Date) throws -> (inboundId: Int64, channel: String)

    /// Keeps archived message `inboundId` as a dead letter with `error`; returns the dead letter's id.
    func insertDeadLetter(tenant: String, channel: String, inboundId: Int64, error: PayloadError, at time: Date) throws -> Int64

    /// Stores the answer given to archived message `inboundId`, returned again when it is resent.
    func storeResponse(_ response: StoredResponse, inboundId: Int64) throws

    /// Throws ``StoreError/Kind/leaseLost`` unless `lease` is still held (same owner and epoch, not expired).
    func checkFence(_ lease: Lease) throws

    /// The id of the tenant's order `channelOrderId` on `channel`, nil when no event of it is stored yet.
    func orderId(tenant: String, channel: String, channelOrderId: String) throws -> String?

    /// True when a stored order names `orderId` as its parent.
    func isNamedAsParent(_ orderId: String) throws -> Bool

    /// The stored state of order `orderId`, nil when it has no events yet.
    func orderState(orderId: String) throws -> StoredOrderState?

    /// Appends one event to the log; returns its log position.
    func insertEvent(_ event: EventRow) throws -> Int64

    /// Queues a change to push back to the order's channel.
    func enqueueOutbox(_ entry: OutboxRow) throws

    /// Creates (`isNew`) or updates the order's row after an event.
    func saveOrder(_ order: OrderRow, isNew: Bool) throws

    /// Records an impossible transition on an order.
    func recordConflict(tenant: String, orderId: String, eventId: String, reason: String, at time: String) throws
}

/// What happened to an archived inbound message.
public enum InboundResult: String, Sendable {
    case accepted
    case deadLettered = "dead_lettered"
    case replayed
}

/// An order's stored state as the appender needs it.
public struct StoredOrderState: Sendable, Equatable {
    /// The order status word (`unknown` for a stub made by an event that came before the order).
    public var status: String
    public var sequence: Int64
    public var version: OrderVersion
    /// True once an order-carrying event stored its details.
    public var hasOrder: Bool

    /// Creates a StoredOrderState from its parts.
    public init(status: String, sequence: Int64, version: OrderVersion, hasOrder: Bool) {
        self.status = status
        self.sequence = sequence
        self.version = version
        self.hasOrder = hasOrder
    }
}

/// One event as the log stores it.
public struct EventRow: Sendable {
    public var id: String
    public var tenant: String
    public var orderId: String
    public var sequence: Int64
    public var type: EventType
    public var channel: String
    public var channelOrderId: String
    public var channelSequence: Int64?
    public var outcome: EventOutcome
    public var inboundId: Int64?
    /// Fixed-width RFC 3339 time, so text order is time order.
    public var recordedAt: String
    public var dataJSON: String
    public var mappingVersion: String?
}

/// One outbox entry to queue.
public struct OutboxRow: Sendable {
    public var tenant: String
    public var channel: String
    public var orderId: String
    public var channelOrderId: String
    public var eventId: String
    public var eventType: EventType
    public var position: Int64
    public var createdAt: Date
}

/// An order's row after an event: the columns an append sets.
public struct OrderRow: Sendable {
    public var orderId: String
    public var tenant: String
    public var channel: String
    public var channelOrderId: String
    public var status: String
    public var parentOrderId: String?
    public var sequence: Int64
    public var version: OrderVersion
    /// When the order was placed (RFC 3339), set only by an order-carrying event that is stored.
    public var placedAt: String?
    public var time: String
    /// The position of the event that changed the order's state.
    public var statePosition: Int64
    /// The position of the event whose data is now the order's details, nil to keep the earlier one.
    public var orderPosition: Int64?
}

/// What the archive holds of an earlier message with the same key.
public struct EarlierMessage: Sendable {
    /// The answer it was given, returned again to a resend.
    public var response: StoredResponse
    /// Its content digest; nil for messages archived before digests were kept (then a resend is trusted to be the same).
    public var contentKey: String?
    /// When it was received (RFC 3339).
    public var receivedAt: String

    /// Creates an EarlierMessage from its parts.
    public init(response: StoredResponse, contentKey: String?, receivedAt: String) {
        self.response = response
        self.contentKey = contentKey
        self.receivedAt = receivedAt
    }

    /// True when `message` is a resend of this one: the same key with the same content (or no digest to tell).
    public func isResent(as message: InboundMessage) -> Bool {
        guard let contentKey, let other = message.contentKey else { return true }
        return contentKey == other
    }
}
