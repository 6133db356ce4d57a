import Foundation

/// Changes made inside ChannelGate waiting to be pushed back to their order's channel, with retries.
public protocol OutboxQueue: AnyObject, Sendable {
    /// Pending entries whose next attempt is due at `now`, oldest first.
    func dueOutboxEntries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry]

    /// Marks entry `id` delivered.
    func markOutboxSent(id: Int64, at time: Date) async throws

    /// Records a failed attempt at entry `id`; retried at `retryAt`, or given up (`failed`) when nil.
    func markOutboxAttempt(id: Int64, error: String, retryAt: Date?) async throws

    /// Puts a failed entry of `tenant` back in the queue, recording `audit`.
    func retryOutboxEntry(tenant: String, id: Int64, audit: AuditEntry) async throws

    /// Entries of `tenant` after id `after`; `status` nil lists all.
    func outboxEntries(tenant: String, status: OutboxStatus?, after: Int64, limit: Int) throws(StoreError) -> [OutboxEntry]
}

extension OutboxQueue {
    /// Pending entries due now.
    public func dueOutboxEntries(limit: Int = 50) throws(StoreError) -> [OutboxEntry] { try dueOutboxEntries(now: Date(), limit: limit) }

    /// Marks entry `id` delivered now.
    public func markOutboxSent(id: Int64) async throws { try await markOutboxSent(id: id, at: Date()) }
}
