import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Events of `tenant` after log position `after`, oldest first.
    public func events(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [FeedEvent] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT \(EnvelopeText.columns) FROM events WHERE tenant = ? AND position > ? ORDER BY position LIMIT ?",
                [.text(tenant), .integer(after), .integer(Int64(limit))]
            ) { row throws(SQLiteError) in try Self.feedEvent(row) }
        }
    }

    /// Events of `tenant` after `after`; when there are none, waits up to `wait` for a commit that adds some.
    public func waitForEvents(tenant: String, after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent] {
        let deadline = ContinuousClock.now + wait
        while true {
            let generation = signal.generation
            let found = try events(tenant: tenant, after: after, limit: limit)
            let now = ContinuousClock.now
            if !found.isEmpty || now >= deadline || Task.isCancelled { return found }
            await signal.wait(after: generation, timeout: deadline - now)
        }
    }

    /// Events of every tenant after `after`, for ChannelGate's own cores (no envelopes: they read `data`); waits up to
    /// `wait` for a commit when there are none.
    public func waitForAllEvents(after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent] {
        let deadline = ContinuousClock.now + wait
        while true {
            let generation = signal.generation
            let found = try readers.read { connection throws(SQLiteError) in
                try connection.query(
                    "SELECT \(EnvelopeText.columns) FROM events WHERE position > ? ORDER BY position LIMIT ?", [.integer(after), .integer(Int64(limit))]
                ) { row throws(SQLiteError) in try Self.feedEvent(row, envelope: false) }
            }
            let now = ContinuousClock.now
            if !found.isEmpty || now >= deadline || Task.isCancelled { return found }
            await signal.wait(after: generation, timeout: deadline - now)
        }
    }

    static func feedEvent(_ row: SQLiteStatement, envelope: Bool = true) throws(SQLiteError) -> FeedEvent {
        try EnvelopeText.loggedEvent(row).feedEvent(withEnvelope: envelope)
    }

    /// The channel order ids of `orderIds` of `tenant` (orders not found are left out), in one query.
    public func channelOrderIds(tenant: String, orderIds: [String]) throws(StoreError) -> [String: String] {
        guard !orderIds.isEmpty else { return [:] }
        return try readers.read { connection throws(SQLiteError) in
            let marks = Array(repeating: "?", count: orderIds.count).joined(separator: ",")
            let rows = try connection.query(
                "SELECT order_id, channel_order_id FROM orders WHERE tenant = ? AND order_id IN (\(marks))",
                [.text(tenant)] + orderIds.map { .text($0) }
            ) { ($0.text(0), $0.text(1)) }
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The current state, timeline and conflicts of one order of `tenant`, or nil.
    public func order(tenant: String, id: String) throws(StoreError) -> OrderView? {
        try readers.read { connection throws(SQLiteError) -> OrderView? in
            guard var view = try connection.query(
                """
                SELECT o.order_id, o.channel, o.channel_order_id, o.status, o.sequence, o.parent_order_id, o.created_at, o.updated_at, e.data
                FROM orders o LEFT JOIN events e ON e.position = o.order_position WHERE o.tenant = ? AND o.order_id = ?
                """,
                [.text(tenant), .text(id)],
                row: { statement throws(SQLiteError) in
                    OrderView(
                        orderId: statement.text(0), channel: statement.text(1), channelOrderId: statement.text(2),
                        status: statement.text(3), sequence: statement.int64(4), parentOrderId: statement.optionalText(5),
                        childOrderIds: [], createdAt: statement.text(6), updatedAt: statement.text(7),
                        order: try Self.storedOrder(statement.optionalText(8)), conflicts: [], timeline: []
                    )
                }
            ).first else { return nil }
            view.childOrderIds = try connection.query(
                "SELECT order_id FROM orders WHERE tenant = ? AND parent_order_id = ? ORDER BY order_id", [.text(tenant), .text(id)]
            ) { $0.text(0) }
            view.conflicts = try connection.query(
                "SELECT event_id, reason, detected_at FROM order_conflicts WHERE tenant = ? AND order_id = ? ORDER BY id",
                [.text(tenant), .text(id)]
            ) { OrderConflict(eventId: $0.text(0), reason: $0.text(1), detectedAt: $0.text(2)) }
            view.timeline = try connection.query(
                "SELECT \(EnvelopeText.columns) FROM events WHERE tenant = ? AND order_id = ? ORDER BY sequence", [.text(tenant), .text(id)]
            ) { statement throws(SQLiteError) in try Self.storedEvent(statement) }
            return view
        }
    }

    /// Orders of `tenant` matching `filter`, in order of their last change.
    public func orders(tenant: String, filter: OrderFilter) throws(StoreError) -> [OrderSummary] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT o.order_id, o.channel, o.channel_order_id, o.status, o.updated_at, o.state_position, e.data
                FROM orders o LEFT JOIN events e ON e.position = o.order_position
                WHERE o.tenant = ? AND o.state_position > ? AND (? IS NULL OR o.channel = ?) AND (? IS NULL OR o.status = ?)
                    AND (? IS NULL OR o.updated_at >= ?)
                ORDER BY o.state_position LIMIT ?
                """,
                [
                    .text(tenant), .integer(filter.after), .optionalText(filter.channel), .optionalText(filter.channel),
                    .optionalText(filter.status), .optionalText(filter.status),
                    .optionalText(filter.updatedSince.map(Timestamp.formatFixedWidth)), .optionalText(filter.updatedSince.map(Timestamp.formatFixedWidth)),
                    .integer(Int64(filter.limit)),
                ]
            ) { statement throws(SQLiteError) in
                OrderSummary(
                    orderId: statement.text(0), channel: statement.text(1), channelOrderId: statement.text(2),
                    status: statement.text(3), updatedAt: statement.text(4), position: statement.int64(5),
                    order: try Self.storedOrder(statement.optionalText(6))
                )
            }
        }
    }

    /// Counts of stored rows for `tenant`: events, orders, inbound messages and open dead letters.
    public func counts(tenant: String) throws(StoreError) -> StoredCounts {
        try readers.read { connection throws(SQLiteError) in
            let bindings: [SQLiteValue] = [.text(tenant)]
            let events = try connection.query("SELECT COUNT(*) FROM events WHERE tenant = ?", bindings) { $0.int64(0) }.first ?? 0
            let orders = try connection.query("SELECT COUNT(*) FROM orders WHERE tenant = ?", bindings) { $0.int64(0) }.first ?? 0
            let messages = try connection.query("SELECT COUNT(*) FROM inbound_messages WHERE tenant = ?", bindings) { $0.int64(0) }.first ?? 0
            let open = try connection.query(
                "SELECT COUNT(*) FROM dead_letters WHERE tenant = ? AND status = 'open'", bindings
            ) { $0.int64(0) }.first ?? 0
            return StoredCounts(events: events, orders: orders, messages: messages, openDeadLetters: open)
        }
    }
}
