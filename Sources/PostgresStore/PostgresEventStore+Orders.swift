import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: OrderReadModel {
    /// The current state, timeline and conflicts of one order of `tenant`, or nil.
    public func order(tenant: String, id: String) throws(StoreError) -> OrderView? {
        let found = try readers.with { session throws(StoreError) -> OrderView? in
            let rows = try session.run(
                """
                SELECT o.order_id, o.channel, o.channel_order_id, o.status, o.sequence, o.parent_order_id, o.created_at, o.updated_at, e.data
                FROM orders o LEFT JOIN events e ON e.position = o.order_position WHERE o.tenant = \(tenant) AND o.order_id = \(id)
                """
            )
            guard let row = rows.first else { return nil }
            let columns = try Self.decoding { try row.decode((String, String, String, String, Int64, String?, String, String, String?).self) }
            var view = OrderView(
                orderId: columns.0, channel: columns.1, channelOrderId: columns.2, status: columns.3, sequence: columns.4,
                parentOrderId: columns.5, childOrderIds: [], createdAt: columns.6, updatedAt: columns.7,
                order: try Self.storedOrder(columns.8), conflicts: [], timeline: []
            )
            for row in try session.run("SELECT order_id FROM orders WHERE tenant = \(tenant) AND parent_order_id = \(id) ORDER BY order_id") {
                view.childOrderIds.append(try Self.decoding { try row.decode(String.self) })
            }
            for row in try session.run(
                "SELECT event_id, reason, detected_at FROM order_conflicts WHERE tenant = \(tenant) AND order_id = \(id) ORDER BY id"
            ) {
                let (eventId, reason, detectedAt) = try Self.decoding { try row.decode((String, String, String).self) }
                view.conflicts.append(OrderConflict(eventId: eventId, reason: reason, detectedAt: detectedAt))
            }
            return view
        }
        guard var view = found else { return nil }
        view.timeline = try logged("WHERE tenant = \(tenant) AND order_id = \(id) ORDER BY sequence").map { event throws(StoreError) in
            try event.storedEvent()
        }
        return view
    }

    /// Orders of `tenant` matching `filter`, in order of their last change.
    public func orders(tenant: String, filter: OrderFilter) throws(StoreError) -> [OrderSummary] {
        let since = filter.updatedSince.map(Timestamp.formatFixedWidth)
        return try readers.with { session throws(StoreError) in
            var summaries: [OrderSummary] = []
            for row in try session.run(
                """
                SELECT o.order_id, o.channel, o.channel_order_id, o.status, o.updated_at, o.state_position, e.data
                FROM orders o LEFT JOIN events e ON e.position = o.order_position
                WHERE o.tenant = \(tenant) AND o.state_position > \(filter.after)
                    AND (\(filter.channel)::TEXT IS NULL OR o.channel = \(filter.channel))
                    AND (\(filter.status)::TEXT IS NULL OR o.status = \(filter.status))
                    AND (\(since)::TEXT IS NULL OR o.updated_at >= \(since))
                ORDER BY o.state_position LIMIT \(Int64(filter.limit))
                """
            ) {
                let columns = try Self.decoding { try row.decode((String, String, String, String, String, Int64, String?).self) }
                summaries.append(
                    OrderSummary(
                        orderId: columns.0, channel: columns.1, channelOrderId: columns.2, status: columns.3, updatedAt: columns.4,
                        position: columns.5, order: try Self.storedOrder(columns.6)
                    )
                )
            }
            return summaries
        }
    }

    /// The channel order ids of `orderIds` of `tenant` (orders not found are left out), in one query.
    public func channelOrderIds(tenant: String, orderIds: [String]) throws(StoreError) -> [String: String] {
        guard !orderIds.isEmpty else { return [:] }
        return try readers.with { session throws(StoreError) in
            var found: [String: String] = [:]
            for row in try session.run(
                "SELECT order_id, channel_order_id FROM orders WHERE tenant = \(tenant) AND order_id = ANY(\(orderIds))"
            ) {
                let (orderId, channelOrderId) = try Self.decoding { try row.decode((String, String).self) }
                found[orderId] = channelOrderId
            }
            return found
        }
    }

    /// Counts of stored rows for `tenant`: events, orders, inbound messages and open dead letters.
    public func counts(tenant: String) throws(StoreError) -> StoredCounts {
        try readers.with { session throws(StoreError) in
            let rows = try session.run(
                """
                SELECT (SELECT COUNT(*) FROM events WHERE tenant = \(tenant)),
                    (SELECT COUNT(*) FROM orders WHERE tenant = \(tenant)),
                    (SELECT COUNT(*) FROM inbound_messages WHERE tenant = \(tenant)),
                    (SELECT COUNT(*) FROM dead_letters WHERE tenant = \(tenant) AND status = 'open')
                """
            )
            guard let row = rows.first else { throw StoreError(.internal, "no counts") }
            let (events, orders, messages, open) = try Self.decoding { try row.decode((Int64, Int64, Int64, Int64).self) }
            return StoredCounts(events: events, orders: orders, messages: messages, openDeadLetters: open)
        }
    }

    /// The canonical order stored as `text`, nil when there is none.
    static func storedOrder(_ text: String?) throws(StoreError) -> CanonicalOrder? {
        guard let text else { return nil }
        return try StoredEventData.decode(text).order
    }

    /// Runs a row decode, turning its failure into a store error.
    static func decoding<Value>(_ decode: () throws -> Value) throws(StoreError) -> Value {
        do {
            return try decode()
        } catch {
            throw StoreError(.internal, "a stored row cannot be read: \(error)")
        }
    }
}
