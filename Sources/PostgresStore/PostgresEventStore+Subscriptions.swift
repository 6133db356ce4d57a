import CanonicalModel
import Foundation
import NIOCore
import PostgresNIO
import Storage

// `event(tenant:position:)` and `latestPosition(tenant:)`, which subscriptions also read, are the event log's.
extension PostgresEventStore: SubscriptionStore {
    static let subscriptionColumns = """
        id, tenant, url, event_types, channels, secret, include_personal_data, status, cursor, attempts, last_error, last_delivered_at,
        created_at, updated_at
        """

    /// Stores a new subscription (its secret sealed when the store seals archives), recording `audit`.
    public func createSubscription(_ subscription: SubscriptionRecord, audit: AuditEntry) async throws {
        let secret = try sealing?.seal(subscription.secret) ?? subscription.secret
        try await write { transaction in
            let session = transaction.session
            try session.run(
                """
                INSERT INTO subscriptions (\(unescaped: Self.subscriptionColumns))
                VALUES (\(subscription.id), \(subscription.tenant), \(subscription.url), \(subscription.eventTypes.joined(separator: " ")),
                    \(subscription.channels.joined(separator: " ")), \(ByteBuffer(bytes: secret)), \(Int64(subscription.includePersonalData ? 1 : 0)),
                    \(subscription.status.rawValue), \(subscription.cursor), 0, NULL, NULL, \(subscription.createdAt), \(subscription.updatedAt))
                """
            )
            try Self.insertAudit(audit, in: session)
        }
    }

    /// Every subscription, or those of `tenant`, ordered by id, with secrets opened.
    public func subscriptions(tenant: String?) throws(StoreError) -> [SubscriptionRecord] {
        let records = try readers.with { session throws(StoreError) -> [SubscriptionRecord] in
            var records: [SubscriptionRecord] = []
            for row in try session.run(
                """
                SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions
                WHERE (\(tenant)::TEXT IS NULL OR tenant = \(tenant)) ORDER BY id COLLATE "C"
                """
            ) {
                records.append(try Self.subscriptionRecord(row))
            }
            return records
        }
        return try records.map { record throws(StoreError) in try sealing.opened(record) }
    }

    /// The subscription `id` of `tenant` (any tenant when nil), with its secret opened, or nil.
    public func subscription(id: String, tenant: String?) throws(StoreError) -> SubscriptionRecord? {
        let found = try readers.with { session throws(StoreError) -> SubscriptionRecord? in
            guard let row = try session.run("SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions WHERE id = \(id)").first else {
                return nil
            }
            return try Self.subscriptionRecord(row)
        }
        guard let found, tenant == nil || found.tenant == tenant else { return nil }
        return try sealing.opened(found)
    }

    /// Moves the cursor up to `position` and clears the failure count; `delivered` records the delivery time.
    public func advanceSubscription(id: String, to position: Int64, delivered: Bool, at time: Date, under lease: Lease?) async throws {
        let deliveredAt: String? = delivered ? Timestamp.format(time) : nil
        try await write { transaction in
            if let lease { try transaction.checkFence(lease) }
            _ = try transaction.session.run(
                """
                UPDATE subscriptions SET cursor = GREATEST(cursor, \(position)), attempts = 0, last_error = NULL,
                    last_delivered_at = COALESCE(\(deliveredAt)::TEXT, last_delivered_at)
                WHERE id = \(id)
                """
            )
        }
    }

    /// Records one failed delivery attempt at the event after the cursor.
    public func recordSubscriptionAttempt(id: String, error: String) async throws {
        try await write { transaction in
            _ = try transaction.session.run("UPDATE subscriptions SET attempts = attempts + 1, last_error = \(error) WHERE id = \(id)")
        }
    }

    /// Sets an event aside after repeated failures and moves the cursor past it, in one transaction.
    public func setAsideSubscriptionEvent(
        _ subscription: SubscriptionRecord, event: FeedEvent, attempts: Int, error: String, at time: Date
    ) async throws {
        try await write { transaction in
            let session = transaction.session
            try session.run(
                """
                INSERT INTO subscription_failures (subscription_id, tenant, position, event_id, attempts, error, status, created_at)
                VALUES (\(subscription.id), \(subscription.tenant), \(event.position), \(event.id), \(Int64(attempts)), \(error), 'open',
                    \(Timestamp.format(time)))
                """
            )
            try session.run(
                """
                UPDATE subscriptions SET cursor = GREATEST(cursor, \(event.position)), attempts = 0, last_error = \(error)
                WHERE id = \(subscription.id)
                """
            )
        }
    }

    /// Changes a subscription's status or cursor (`rewind`), recording `audit`; nil values stay as they are.
    public func updateSubscription(id: String, tenant: String, status: SubscriptionStatus?, cursor: Int64?, audit: AuditEntry) async throws {
        let word = status?.rawValue
        try await write { transaction in
            let session = transaction.session
            let result = try session.run(
                """
                UPDATE subscriptions SET status = COALESCE(\(word)::TEXT, status), cursor = COALESCE(\(cursor)::BIGINT, cursor), attempts = 0,
                    updated_at = \(audit.at)
                WHERE id = \(id) AND tenant = \(tenant)
                """
            )
            guard result.metadata.rows == 1 else { throw StoreError(.notFound, "subscription \(id) not found") }
            try Self.insertAudit(audit, in: session)
        }
    }

    /// Deletes a subscription and its failures, recording `audit`.
    public func deleteSubscription(id: String, tenant: String, audit: AuditEntry) async throws {
        try await write { transaction in
            let session = transaction.session
            let result = try session.run("DELETE FROM subscriptions WHERE id = \(id) AND tenant = \(tenant)")
            guard result.metadata.rows == 1 else { throw StoreError(.notFound, "subscription \(id) not found") }
            try session.run("DELETE FROM subscription_failures WHERE subscription_id = \(id)")
            try Self.insertAudit(audit, in: session)
        }
    }

    /// A subscription's set-aside events, oldest first.
    public func subscriptionFailures(id: String, tenant: String) throws(StoreError) -> [SubscriptionFailure] {
        try readers.with { session throws(StoreError) -> [SubscriptionFailure] in
            var failures: [SubscriptionFailure] = []
            for row in try session.run(
                """
                SELECT id, subscription_id, position, event_id, attempts, error, status, created_at FROM subscription_failures
                WHERE subscription_id = \(id) AND tenant = \(tenant) ORDER BY id
                """
            ) {
                let (failureId, subscriptionId, position, eventId, attempts, error, status, createdAt) = try Self.decoding {
                    try row.decode((Int64, String, Int64, String, Int64, String, String, String).self)
                }
                guard let failureStatus = SubscriptionFailureStatus(rawValue: status) else {
                    throw StoreError(.internal, "stored value \"\(status)\" of subscription failure \(failureId) is not a SubscriptionFailureStatus")
                }
                failures.append(
                    SubscriptionFailure(
                        id: failureId, subscriptionId: subscriptionId, position: position, eventId: eventId, attempts: Int(attempts), error: error,
                        status: failureStatus, createdAt: createdAt
                    )
                )
            }
            return failures
        }
    }

    /// Marks a set-aside event as redelivered.
    public func markSubscriptionFailureRedelivered(id: Int64, at time: Date) async throws {
        try await write { transaction in
            _ = try transaction.session.run(
                "UPDATE subscription_failures SET status = 'redelivered', redelivered_at = \(Timestamp.format(time)) WHERE id = \(id)"
            )
        }
    }

    /// A subscription from a row of ``subscriptionColumns``.
    private static func subscriptionRecord(_ row: PostgresRow) throws(StoreError) -> SubscriptionRecord {
        let c = try Self.decoding {
            try row.decode(
                (String, String, String, String, String, ByteBuffer, Int64, String, Int64, Int64, String?, String?, String, String).self
            )
        }
        guard let status = SubscriptionStatus(rawValue: c.7) else {
            throw StoreError(.internal, "stored value \"\(c.7)\" of subscription \(c.0) is not a SubscriptionStatus")
        }
        return SubscriptionRecord(
            id: c.0, tenant: c.1, url: c.2, eventTypes: c.3.split(separator: " ").map(String.init),
            channels: c.4.split(separator: " ").map(String.init),
            secret: Array(c.5.readableBytesView), includePersonalData: c.6 == 1, status: status, cursor: c.8, attempts: Int(c.9),
            lastError: c.10, lastDeliveredAt: c.11, createdAt: c.12, updatedAt: c.13
        )
    }
}
