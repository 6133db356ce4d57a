import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    static let outboxColumns = "id, tenant, channel, order_id, channel_order_id, event_id, event_type, position, status, attempts, last_error, created_at, sent_at"

    /// Entries due now, oldest first, at most one per order (a later change waits for an earlier one of its order).
    public func dueOutboxEntries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT \(Self.outboxColumns) FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= ?
                AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.order_id = o.order_id AND e.status = 'pending' AND e.id < o.id)
                ORDER BY o.id LIMIT ?
                """,
                [.real(now.timeIntervalSince1970), .integer(Int64(limit))], row: Self.outboxRow
            )
        }
    }

    /// Marks an entry sent.
    public func markOutboxSent(id: Int64, at time: Date, under lease: Lease?) async throws {
        try await writer.write { connection in
            if let lease { try Self.checkFence(lease, in: connection) }
            try connection.run(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1, last_error = NULL, sent_at = ? WHERE id = ?",
                [.text(Timestamp.format(time)), .integer(id)]
            )
        }
    }

    /// Records a failed attempt: retried at `retryAt`, or failed for good when nil.
    public func markOutboxAttempt(id: Int64, error: String, retryAt: Date?, under lease: Lease?) async throws {
        try await writer.write { connection in
            if let lease { try Self.checkFence(lease, in: connection) }
            try connection.run(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?",
                [.text(error), .text(retryAt == nil ? "failed" : "pending"), retryAt.map { .real($0.timeIntervalSince1970) } ?? .null, .integer(id)]
            )
        }
    }

    /// Puts a failed entry back in the queue now, recording `audit`.
    public func retryOutboxEntry(tenant: String, id: Int64, audit: AuditEntry) async throws {
        try await writer.write { connection in
            try connection.run(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND tenant = ? AND status = 'failed'",
                [.real(Date().timeIntervalSince1970), .integer(id), .text(tenant)]
            )
            guard connection.changes == 1 else { throw StoreError(.notFound, "no failed outbox entry \(id)") }
            try Self.insert(audit, in: connection)
        }
    }

    /// `tenant`'s outbox entries after `after`, optionally of one status.
    public func outboxEntries(tenant: String, status: OutboxStatus?, after: Int64, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT \(Self.outboxColumns) FROM outbox WHERE tenant = ? AND (? IS NULL OR status = ?) AND id > ? ORDER BY id LIMIT ?",
                [.text(tenant), .optionalText(status?.rawValue), .optionalText(status?.rawValue), .integer(after), .integer(Int64(limit))], row: Self.outboxRow
            )
        }
    }

    static func outboxRow(_ row: SQLiteStatement) throws(SQLiteError) -> OutboxEntry {
        OutboxEntry(
            id: row.int64(0), tenant: row.text(1), channel: row.text(2), orderId: row.text(3), channelOrderId: row.text(4), eventId: row.text(5),
            eventType: try row.value(6, as: EventType.self), position: row.int64(7), status: try row.value(8, as: OutboxStatus.self), attempts: Int(row.int64(9)), lastError: row.optionalText(10),
            createdAt: row.text(11), sentAt: row.optionalText(12)
        )
    }
}
