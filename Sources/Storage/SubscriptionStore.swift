import Foundation

/// Downstream systems' subscriptions to the event log, with their cursors and set-aside failures.
public protocol SubscriptionStore: AnyObject, Sendable {
    /// Stores a new subscription, recording `audit`.
    func createSubscription(_ subscription: SubscriptionRecord, audit: AuditEntry) async throws

    /// Subscriptions of `tenant`, or of every tenant when nil.
    func subscriptions(tenant: String?) throws(StoreError) -> [SubscriptionRecord]

    /// One subscription, only if it belongs to `tenant` when given.
    func subscription(id: String, tenant: String?) throws(StoreError) -> SubscriptionRecord?

    /// Moves the cursor of subscription `id` to `position` (delivered or skipped).
    func advanceSubscription(id: String, to position: Int64, delivered: Bool, at time: Date, under lease: Lease?) async throws

    /// Counts a failed delivery attempt at the event after the cursor.
    func recordSubscriptionAttempt(id: String, error: String) async throws

    /// Sets `event` aside as undeliverable and moves the cursor past it.
    func setAsideSubscriptionEvent(_ subscription: SubscriptionRecord, event: FeedEvent, attempts: Int, error: String, at time: Date) async throws

    /// Pauses, resumes or moves the cursor of subscription `id` of `tenant`, recording `audit`.
    func updateSubscription(id: String, tenant: String, status: SubscriptionStatus?, cursor: Int64?, audit: AuditEntry) async throws

    /// Deletes subscription `id` of `tenant`, recording `audit`.
    func deleteSubscription(id: String, tenant: String, audit: AuditEntry) async throws

    /// The events subscription `id` set aside.
    func subscriptionFailures(id: String, tenant: String) throws(StoreError) -> [SubscriptionFailure]

    /// Marks a set-aside event redelivered.
    func markSubscriptionFailureRedelivered(id: Int64, at time: Date) async throws
}

extension SubscriptionStore {
    /// One subscription of any tenant.
    public func subscription(id: String) throws(StoreError) -> SubscriptionRecord? { try subscription(id: id, tenant: nil) }

    /// Moves the cursor of subscription `id` to `position` now.
    public func advanceSubscription(id: String, to position: Int64, delivered: Bool, under lease: Lease? = nil) async throws {
        try await advanceSubscription(id: id, to: position, delivered: delivered, at: Date(), under: lease)
    }

    /// Moves the cursor of subscription `id` to `position` at `time`, under no lease.
    public func advanceSubscription(id: String, to position: Int64, delivered: Bool, at time: Date) async throws {
        try await advanceSubscription(id: id, to: position, delivered: delivered, at: time, under: nil)
    }

    /// Sets `event` aside now.
    public func setAsideSubscriptionEvent(_ subscription: SubscriptionRecord, event: FeedEvent, attempts: Int, error: String) async throws {
        try await setAsideSubscriptionEvent(subscription, event: event, attempts: attempts, error: error, at: Date())
    }

    /// Marks a set-aside event redelivered now.
    public func markSubscriptionFailureRedelivered(id: Int64) async throws { try await markSubscriptionFailureRedelivered(id: id, at: Date()) }
}
