import Foundation

/// Changes made inside ChannelGate waiting to be pushed back to their order's channel, with retries.
public protocol OutboxQueue: AnyObject, Sendable {
    /// Pending entries whose next attempt is due at `now`, oldest first.
    func dueOutboxEntries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry]

    /// Marks entry `id` delivered; refused with `leaseLost` when `lease` (the channel's outbound lease) is no longer held.
    func markOutboxSent(id: Int64, at time: Date, under lease: Lease?) async throws

    /// Records a failed attempt at entry `id`; retried at `retryAt`, or given up (`failed`) when nil; fenced by `lease`.
    func markOutboxAttempt(id: Int64, error: String, retryAt: Date?, under lease: Lease?) async throws

    /// Puts a failed entry of `tenant` back in the queue, recording `audit`.
    func retryOutboxEntry(tenant: String, id: Int64, audit: AuditEntry) async throws

    /// Entries of `tenant` after id `after`; `status` nil lists all.
    func outboxEntries(tenant: String, status: OutboxStatus?, after: Int64, limit: Int) throws(StoreError) -> [OutboxEntry]
}

extension OutboxQueue {
    /// Pending entries due now.
    public func dueOutboxEntries(limit: Int = 50) throws(StoreError) -> [OutboxEntry] { try dueOutboxEntries(now: Date(), limit: limit) }

    /// Marks entry `id` delivered now.
    public func markOutboxSent(id: Int64, under lease: Lease? = nil) async throws { try await markOutboxSent(id: id, at: Date(), under: lease) }

    /// Marks entry `id` delivered at `time`, under no lease.
    public func markOutboxSent(id: Int64, at time: Date) async throws { try await markOutboxSent(id: id, at: time, under: nil) }

    /// Records a failed attempt at entry `id`, under no lease.
    public func markOutboxAttempt(id: Int64, error: String, retryAt: Date?) async throws {
        try await markOutboxAttempt(id: id, error: error, retryAt: retryAt, under: nil)
    }
}
