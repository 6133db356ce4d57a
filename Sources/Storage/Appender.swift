import CanonicalModel
import Foundation

/// Stores messages and their events with the same rules on every backend: idempotency by message key, the order state
/// machine's stale/conflict decisions, per-order sequence, and the outbox; a backend supplies only the transaction.
public enum Appender {
    /// Stores `events` from `source` and returns the answer `respond` builds; a known message key returns its first answer.
    public static func append(
        _ events: [PendingEvent], from source: AppendSource, receivedAt: Date,
        respond: ([CommittedEvent]) -> StoredResponse, in transaction: some AppendTransaction
    ) throws -> AppendResult {
        let inboundId: Int64?
        let tenant: String
        let channel: String
        switch source {
        case .core(let coreTenant, let coreChannel, let lease):
            if let lease { try transaction.checkFence(lease) }
            inboundId = nil
            tenant = coreTenant
            channel = coreChannel
        case .message(let message):
            if let earlier = try transaction.earlierMessage(tenant: message.tenant, channel: message.channel, messageKey: message.messageKey) {
                guard earlier.isResent(as: message) else { return try keepReusedKey(message, earlier: earlier, in: transaction) }
                return AppendResult(response: earlier.response, replayed: true, events: [])
            }
            inboundId = try transaction.archive(message, result: .accepted)
            tenant = message.tenant
            channel = message.channel
        case .deadLetter(let deadLetterTenant, let id, let replacement):
            let resolved = try transaction.resolveDeadLetter(tenant: deadLetterTenant, id: id, at: receivedAt)
            tenant = deadLetterTenant
            channel = resolved.channel
            if let replacement {
                // The corrected message may already have arrived on its own: then it is resolved by that one.
                if let earlier = try transaction.earlierMessage(
                    tenant: replacement.tenant, channel: replacement.channel, messageKey: replacement.messageKey
                ) {
                    guard earlier.isResent(as: replacement) else {
                        throw StoreError(
                            .conflict,
                            "the corrected message's key \(replacement.messageKey) was used by a different message received at \(earlier.receivedAt); give it its own id"
                        )
                    }
                    return AppendResult(response: earlier.response, replayed: true, events: [])
                }
                inboundId = try transaction.archive(replacement, result: .accepted)
            } else {
                inboundId = resolved.inboundId
            }
        }
        var committed: [CommittedEvent] = []
        committed.reserveCapacity(events.count)
        for event in events {
            committed.append(try apply(event, tenant: tenant, channel: channel, inboundId: inboundId, at: receivedAt, in: transaction))
        }
        let response = respond(committed)
        if let inboundId { try transaction.storeResponse(response, inboundId: inboundId) }
        return AppendResult(response: response, replayed: false, events: committed)
    }

    /// Keeps `message` as a dead letter with `error`; a known message key returns its first answer.
    public static func deadLetter(
        _ message: InboundMessage, error: PayloadError, respond: (_ deadLetterId: Int64) -> StoredResponse,
        in transaction: some AppendTransaction
    ) throws -> AppendResult {
        if let earlier = try transaction.earlierMessage(tenant: message.tenant, channel: message.channel, messageKey: message.messageKey) {
            guard earlier.isResent(as: message) else { return try keepReusedKey(message, earlier: earlier, in: transaction) }
            return AppendResult(response: earlier.response, replayed: true, events: [])
        }
        let inboundId = try transaction.archive(message, result: .deadLettered)
        let id = try transaction.insertDeadLetter(tenant: message.tenant, channel: message.channel, inboundId: inboundId, error: error, at: message.receivedAt)
        let response = respond(id)
        try transaction.storeResponse(response, inboundId: inboundId)
        return AppendResult(response: response, replayed: false, events: [])
    }

    /// Applies one event to its order: decides its outcome, appends it, and moves the order's state.
    static func apply(
        _ proposed: PendingEvent, tenant: String, channel: String, inboundId: Int64?, at time: Date, in transaction: some AppendTransaction
    ) throws -> CommittedEvent {
        let pending = try OrderIdResolution.settle(proposed, tenant: tenant, channel: proposed.orderChannel ?? channel, in: transaction)
        let stored = try transaction.orderState(orderId: pending.orderId)
        let event = pending.event
        var outcome = EventOutcome.applied
        var newStatus = stored?.status ?? "unknown"
        var conflictReason: String?
        if let stored, event.version.isOlder(than: stored.version) {
            outcome = .stale
        } else {
            switch OrderStateMachine.outcome(of: event, on: stored.flatMap { OrderStatus(rawValue: $0.status) }) {
            case .moveTo(let status): newStatus = status.rawValue
            case .keep: break
            case .conflict(let reason):
                outcome = .conflict
                conflictReason = reason
            }
        }
        let sequence = (stored?.sequence ?? 0) + 1
        let timeText = Timestamp.formatFixedWidth(time)
        let position = try transaction.insertEvent(EventRow(
            id: pending.id, tenant: tenant, orderId: pending.orderId, sequence: sequence, type: event.type, channel: channel,
            channelOrderId: event.channelOrderId, channelSequence: event.channelSequence, outcome: outcome, inboundId: inboundId,
            recordedAt: timeText, dataJSON: pending.dataJSON, mappingVersion: pending.mappingVersion
        ))
        if pending.outbound, outcome == .applied {
            try transaction.enqueueOutbox(OutboxRow(
                tenant: tenant, channel: pending.orderChannel ?? channel, orderId: pending.orderId, channelOrderId: event.channelOrderId,
                eventId: pending.id, eventType: event.type, position: position, createdAt: time
            ))
        }
        // A stale or conflicting event never changes state, except that an order's details fill a stub.
        let storesOrder = pending.carriesOrder && (outcome == .applied || stored?.hasOrder == false)
        let version = outcome == .applied
            ? (stored?.version.merged(with: event.version) ?? event.version)
            : (stored?.version ?? OrderVersion(channelSequence: nil, channelUpdatedAt: nil))
        let placedAt: String? = if storesOrder, case .order(let order) = event.body { Timestamp.format(order.placedAt) } else { nil }
        try transaction.saveOrder(
            OrderRow(
                orderId: pending.orderId, tenant: tenant, channel: pending.orderChannel ?? channel, channelOrderId: event.channelOrderId,
                status: newStatus, parentOrderId: pending.parentOrderId, sequence: sequence, version: version, placedAt: placedAt,
                time: timeText, statePosition: position, orderPosition: storesOrder ? position : nil
            ),
            isNew: stored == nil
        )
        if let conflictReason {
            try transaction.recordConflict(tenant: tenant, orderId: pending.orderId, eventId: pending.id, reason: conflictReason, at: timeText)
        }
        return CommittedEvent(
            id: pending.id, type: event.type, orderId: pending.orderId, channelOrderId: event.channelOrderId,
            sequence: sequence, position: position, outcome: outcome, status: newStatus
        )
    }
}
