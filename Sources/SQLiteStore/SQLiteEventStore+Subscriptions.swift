import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    static let subscriptionColumns = """
        id, tenant, url, event_types, channels, secret, include_personal_data, status, cursor, attempts, last_error, last_delivered_at,
        created_at, updated_at
        """

    /// Stores a new subscription, recording `audit`.
    public func createSubscription(_ subscription: SubscriptionRecord, audit: AuditEntry) async throws {
        let secret = try sealing?.seal(subscription.secret) ?? subscription.secret
        try await writer.write { connection in
            try connection.run(
                "INSERT INTO subscriptions (\(Self.subscriptionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?)",
                [
                    .text(subscription.id), .text(subscription.tenant), .text(subscription.url), .text(subscription.eventTypes.joined(separator: " ")),
                    .text(subscription.channels.joined(separator: " ")), .blob(secret), .integer(subscription.includePersonalData ? 1 : 0),
                    .text(subscription.status.rawValue), .integer(subscription.cursor), .text(subscription.createdAt), .text(subscription.updatedAt),
                ]
            )
            try Self.insert(audit, in: connection)
        }
    }

    /// Every subscription, or those of `tenant`, with secrets opened.
    public func subscriptions(tenant: String?) throws(StoreError) -> [SubscriptionRecord] {
        let rows = try readers.read { connection throws(SQLiteError) in
            if let tenant {
                return try connection.query(
                    "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE tenant = ? ORDER BY id", [.text(tenant)], row: Self.subscriptionRow
                )
            }
            return try connection.query("SELECT \(Self.subscriptionColumns) FROM subscriptions ORDER BY id", [], row: Self.subscriptionRow)
        }
        return try rows.map { row throws(StoreError) in try sealing.opened(row) }
    }

    /// The subscription `id` of `tenant` (any tenant when nil).
    public func subscription(id: String, tenant: String?) throws(StoreError) -> SubscriptionRecord? {
        let row = try readers.read { connection throws(SQLiteError) in
            try connection.query("SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE id = ?", [.text(id)], row: Self.subscriptionRow).first
        }
        guard let row, tenant == nil || row.tenant == tenant else { return nil }
        return try sealing.opened(row)
    }

    /// Moves the cursor past `position`; `delivered` records the delivery time and clears the failure count.
    public func advanceSubscription(id: String, to position: Int64, delivered: Bool, at time: Date, under lease: Lease?) async throws {
        try await writer.write { connection in
            if let lease { try Self.checkFence(lease, in: connection) }
            try connection.run(
                """
                UPDATE subscriptions SET cursor = MAX(cursor, ?), attempts = 0, last_error = NULL,
                    last_delivered_at = CASE WHEN ? THEN ? ELSE last_delivered_at END WHERE id = ?
                """,
                [.integer(position), .integer(delivered ? 1 : 0), .text(Timestamp.format(time)), .text(id)]
            )
        }
    }

    /// Records one failed delivery attempt.
    public func recordSubscriptionAttempt(id: String, error: String) async throws {
        try await writer.write { connection in
            try connection.run("UPDATE subscriptions SET attempts = attempts + 1, last_error = ? WHERE id = ?", [.text(error), .text(id)])
        }
    }

    /// Sets an event aside after repeated failures and moves the cursor past it, in one transaction.
    public func setAsideSubscriptionEvent(_ subscription: SubscriptionRecord, event: FeedEvent, attempts: Int, error: String, at time: Date) async throws {
        try await writer.write { connection in
            try connection.run(
                """
                INSERT INTO subscription_failures (subscription_id, tenant, position, event_id, attempts, error, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
                """,
                [
                    .text(subscription.id), .text(subscription.tenant), .integer(event.position), .text(event.id), .integer(Int64(attempts)),
                    .text(error), .text(Timestamp.format(time)),
                ]
            )
            try connection.run(
                "UPDATE subscriptions SET cursor = MAX(cursor, ?), attempts = 0, last_error = ? WHERE id = ?",
                [.integer(event.position), .text(error), .text(subscription.id)]
            )
        }
    }

    /// Changes a subscription's status or cursor (`rewind`), recording `audit`; nil values stay as they are.
    public func updateSubscription(id: String, tenant: String, status: SubscriptionStatus?, cursor: Int64?, audit: AuditEntry) async throws {
        try await writer.write { connection in
            try connection.run(
                "UPDATE subscriptions SET status = COALESCE(?, status), cursor = COALESCE(?, cursor), attempts = 0, updated_at = ? WHERE id = ? AND tenant = ?",
                [.optionalText(status?.rawValue), cursor.map(SQLiteValue.integer) ?? .null, .text(audit.at), .text(id), .text(tenant)]
            )
            guard connection.changes == 1 else { throw StoreError(.notFound, "subscription \(id) not found") }
            try Self.insert(audit, in: connection)
        }
    }

    /// Deletes a subscription and its failures, recording `audit`.
    public func deleteSubscription(id: String, tenant: String, audit: AuditEntry) async throws {
        try await writer.write { connection in
            try connection.run("DELETE FROM subscriptions WHERE id = ? AND tenant = ?", [.text(id), .text(tenant)])
            guard connection.changes == 1 else { throw StoreError(.notFound, "subscription \(id) not found") }
            try connection.run("DELETE FROM subscription_failures WHERE subscription_id = ?", [.text(id)])
            try Self.insert(audit, in: connection)
        }
    }

    /// A subscription's set-aside events, oldest first.
    public func subscriptionFailures(id: String, tenant: String) throws(StoreError) -> [SubscriptionFailure] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT id, subscription_id, position, event_id, attempts, error, status, created_at FROM subscription_failures
                WHERE subscription_id = ? AND tenant = ? ORDER BY id
                """,
                [.text(id), .text(tenant)]
            ) { row throws(SQLiteError) in
                SubscriptionFailure(
                    id: row.int64(0), subscriptionId: row.text(1), position: row.int64(2), eventId: row.text(3), attempts: Int(row.int64(4)),
                    error: row.text(5), status: try row.value(6, as: SubscriptionFailureStatus.self), createdAt: row.text(7)
                )
            }
        }
    }

    /// Marks a set-aside event as redelivered.
    public func markSubscriptionFailureRedelivered(id: Int64, at time: Date) async throws {
        try await writer.write { connection in
            try connection.run(
                "UPDATE subscription_failures SET status = 'redelivered', redelivered_at = ? WHERE id = ?", [.text(Timestamp.format(time)), .integer(id)]
            )
        }
    }

    /// The event at feed `position` of `tenant`.
    public func event(tenant: String, position: Int64) throws(StoreError) -> FeedEvent? {
        try events(tenant: tenant, after: position - 1, limit: 1).first { $0.position == position }
    }

    static func subscriptionRow(_ row: SQLiteStatement) throws(SQLiteError) -> SubscriptionRecord {
        SubscriptionRecord(
            id: row.text(0), tenant: row.text(1), url: row.text(2), eventTypes: row.text(3).split(separator: " ").map(String.init),
            channels: row.text(4).split(separator: " ").map(String.init), secret: row.blob(5), includePersonalData: row.int64(6) == 1,
            status: try row.value(7, as: SubscriptionStatus.self), cursor: row.int64(8), attempts: Int(row.int64(9)), lastError: row.optionalText(10),
            lastDeliveredAt: row.optionalText(11), createdAt: row.text(12), updatedAt: row.text(13)
        )
    }
}

extension SQLiteEventStore {
    /// The newest feed position of `tenant` (0 when it has no events).
    public func latestPosition(tenant: String) throws(StoreError) -> Int64 {
        try readers.read { connection throws(SQLiteError) in
            try connection.query("SELECT COALESCE(MAX(position), 0) FROM events WHERE tenant = ?", [.text(tenant)]) { $0.int64(0) }.first ?? 0
        }
    }
}
