import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: OutboxQueue {
    /// Pending entries due at `now`, oldest first, at most one per order (a later change waits for an earlier one of its order).
    ///
    /// Nothing is claimed: two replicas reading at once may both be handed the same entries, as two readers of SQLite are.
    public func dueOutboxEntries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try readers.with { session throws(StoreError) -> [OutboxEntry] in
            var entries: [OutboxEntry] = []
            for row in try session.run(
                """
                SELECT o.id, o.tenant, o.channel, o.order_id, o.channel_order_id, o.event_id, o.event_type, o.position, o.status,
                    o.attempts, o.last_error, o.created_at, o.sent_at
                FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= \(now.timeIntervalSince1970)
                AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.order_id = o.order_id AND e.status = 'pending' AND e.id < o.id)
                ORDER BY o.id LIMIT \(Int64(limit))
                """
            ) {
                entries.append(try Self.outboxEntry(row))
            }
            return entries
        }
    }

    /// Marks entry `id` delivered at `time`.
    public func markOutboxSent(id: Int64, at time: Date, under lease: Lease?) async throws {
        try await write { transaction in
            if let lease { try transaction.checkFence(lease) }
            _ = try transaction.session.run(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1, last_error = NULL, sent_at = \(Timestamp.format(time)) WHERE id = \(id)"
            )
        }
    }

    /// Records a failed attempt at entry `id`: retried at `retryAt`, or given up (`failed`) when nil.
    public func markOutboxAttempt(id: Int64, error: String, retryAt: Date?, under lease: Lease?) async throws {
        let status = retryAt == nil ? OutboxStatus.failed.rawValue : OutboxStatus.pending.rawValue
        let retrySeconds = retryAt?.timeIntervalSince1970
        try await write { transaction in
            if let lease { try transaction.checkFence(lease) }
            _ = try transaction.session.run(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = \(error), status = \(status),
                    next_attempt_at = COALESCE(\(retrySeconds)::DOUBLE PRECISION, next_attempt_at)
                WHERE id = \(id)
                """
            )
        }
    }

    /// Puts failed entry `id` of `tenant` back in the queue, due now, recording `audit` in the same transaction.
    public func retryOutboxEntry(tenant: String, id: Int64, audit: AuditEntry) async throws {
        try await write { transaction in
            let rows = try transaction.session.run(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(Date().timeIntervalSince1970)
                WHERE id = \(id) AND tenant = \(tenant) AND status = 'failed'
                RETURNING id
                """
            )
            guard !rows.isEmpty else { throw StoreError(.notFound, "no failed outbox entry \(id)") }
            try Self.insertAudit(audit, in: transaction.session)
        }
    }

    /// Entries of `tenant` after id `after`, oldest first; `status` nil lists all.
    public func outboxEntries(tenant: String, status: OutboxStatus?, after: Int64, limit: Int) throws(StoreError) -> [OutboxEntry] {
        let word = status?.rawValue
        return try readers.with { session throws(StoreError) -> [OutboxEntry] in
            var entries: [OutboxEntry] = []
            for row in try session.run(
                """
                SELECT id, tenant, channel, order_id, channel_order_id, event_id, event_type, position, status, attempts, last_error,
                    created_at, sent_at
                FROM outbox WHERE tenant = \(tenant) AND (\(word)::TEXT IS NULL OR status = \(word)) AND id > \(after)
                ORDER BY id LIMIT \(Int64(limit))
                """
            ) {
                entries.append(try Self.outboxEntry(row))
            }
            return entries
        }
    }

    /// An outbox row of id, tenant, channel, order_id, channel_order_id, event_id, event_type, position, status, attempts,
    /// last_error, created_at, sent_at.
    private static func outboxEntry(_ row: PostgresRow) throws(StoreError) -> OutboxEntry {
        let c = try decoding {
            try row.decode((Int64, String, String, String, String, String, String, Int64, String, Int64, String?, String, String?).self)
        }
        guard let eventType = EventType(rawValue: c.6) else {
            throw StoreError(.internal, "outbox entry \(c.0): stored value \"\(c.6)\" is not a \(EventType.self)")
        }
        guard let status = OutboxStatus(rawValue: c.8) else {
            throw StoreError(.internal, "outbox entry \(c.0): stored value \"\(c.8)\" is not a \(OutboxStatus.self)")
        }
        return OutboxEntry(
            id: c.0, tenant: c.1, channel: c.2, orderId: c.3, channelOrderId: c.4, eventId: c.5, eventType: eventType, position: c.7,
            status: status, attempts: Int(c.9), lastError: c.10, createdAt: c.11, sentAt: c.12
        )
    }
}
