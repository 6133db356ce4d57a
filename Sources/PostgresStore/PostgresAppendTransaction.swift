import CanonicalModel
import Foundation
import NIOCore
import PostgresNIO
import Storage

/// The appender's transaction on one PostgreSQL session, holding the event log's head row from its first statement.
///
/// Positions are taken from the head in order; the head is written back once, just before the commit.
final class PostgresAppendTransaction: AppendTransaction {
    let session: PostgresSession
    private(set) var head: Int64
    private let startHead: Int64

    /// Locks the head row (writers of every replica queue here) and reads the last position given out.
    init(session: PostgresSession) throws(StoreError) {
        self.session = session
        let rows = try session.run("SELECT position FROM event_log_head WHERE id = 1 FOR UPDATE")
        guard let row = rows.first, let position = try? row.decode(Int64.self) else {
            throw StoreError(.internal, "the event log head row is missing")
        }
        head = position
        startHead = position
    }

    /// Writes the kept events, orders and answers and the head back; call last, inside the transaction.
    func finish() throws(StoreError) {
        try writeArchives()
        try writeKept()
        if !responses.isEmpty {
            try session.run(
                """
                UPDATE inbound_messages AS m SET response_status = v.status, response_body = v.body
                FROM UNNEST(\(responses.map(\.id))::BIGINT[], \(responses.map(\.status))::INTEGER[], \(responses.map(\.body))::TEXT[])
                    AS v(id, status, body)
                WHERE m.id = v.id
                """
            )
            responses.removeAll()
        }
        guard head != startHead else { return }
        try session.run("UPDATE event_log_head SET position = \(head) WHERE id = 1")
    }

    /// What the batch's writes are about to look up, read in two statements before they run: the head is held, so
    /// no other writer can change these rows until the commit.
    private var knownMessages: [String: EarlierMessage] = [:]
    private var absentMessages: Set<String> = []
    private var knownOrders: [String: StoredOrderState] = [:]
    private var absentOrders: Set<String> = []

    private var knownOrderIds: [WriteHints.OrderKey: String] = [:]
    private var absentOrderKeys: Set<WriteHints.OrderKey> = []
    private var namedParents: Set<String> = []
    private var unnamedParents: Set<String> = []

    /// Reads the archived messages under `keys`, the orders `orderIds`, the orders under `orderKeys` and which of
    /// `derivedIds` stored orders name as their parent, in one statement each.
    func prefetch(
        keys: [WriteHints.MessageKey], orderIds: [String], orderKeys: [WriteHints.OrderKey] = [], derivedIds: [String] = []
    ) throws(StoreError) {
        try prefetchOrders(keys: orderKeys, derivedIds: derivedIds)
        if !keys.isEmpty {
            let rows = try session.run(
                """
                SELECT m.tenant, m.channel, m.message_key, m.response_status, m.response_body, m.content_key, m.received_at
                FROM inbound_messages m
                JOIN UNNEST(\(keys.map(\.tenant))::TEXT[], \(keys.map(\.channel))::TEXT[], \(keys.map(\.messageKey))::TEXT[]) AS k(tenant, channel, message_key)
                    ON m.tenant = k.tenant AND m.channel = k.channel AND m.message_key = k.message_key
                """
            )
            for row in rows {
                let (tenant, channel, messageKey, status, body, contentKey, receivedAt) = try PostgresEventStore.decoding {
                    try row.decode((String, String, String, Int32, String, String?, String).self)
                }
                knownMessages[Self.archiveKey(tenant, channel, messageKey)] = EarlierMessage(
                    response: StoredResponse(status: Int(status), body: body), contentKey: contentKey, receivedAt: receivedAt
                )
            }
            for key in keys where knownMessages[Self.archiveKey(key.tenant, key.channel, key.messageKey)] == nil {
                absentMessages.insert(Self.archiveKey(key.tenant, key.channel, key.messageKey))
            }
        }
        if !orderIds.isEmpty {
            let rows = try session.run(
                """
                SELECT order_id, status, sequence, channel_sequence, channel_updated_at, order_position IS NOT NULL
                FROM orders WHERE order_id = ANY(\(orderIds)::TEXT[])
                """
            )
            for row in rows {
                let (orderId, status, sequence, channelSequence, updatedAt, hasOrder) = try PostgresEventStore.decoding {
                    try row.decode((String, String, Int64, Int64?, Double?, Bool).self)
                }
                knownOrders[orderId] = StoredOrderState(
                    status: status, sequence: sequence,
                    version: OrderVersion(channelSequence: channelSequence, channelUpdatedAt: updatedAt.map(Date.init(timeIntervalSince1970:))),
                    hasOrder: hasOrder
                )
            }
            absentOrders = Set(orderIds).subtracting(knownOrders.keys)
        }
    }

    func earlierMessage(tenant: String, channel: String, messageKey: String) throws -> EarlierMessage? {
        if let index = archived[Self.archiveKey(tenant, channel, messageKey)] {
            let (id, message, _) = archives[index]
            let answer = responses.last { $0.id == id }
            return EarlierMessage(
                response: StoredResponse(status: Int(answer?.status ?? 0), body: answer?.body ?? ""), contentKey: message.contentKey,
                receivedAt: Timestamp.format(message.receivedAt)
            )
        }
        let key = Self.archiveKey(tenant, channel, messageKey)
        if let known = knownMessages[key] {
            // Answered earlier in this batch's writes? The kept answer is newer than the prefetched row.
            return known
        }
        if absentMessages.contains(key) { return nil }
        let rows = try session.run(
            """
            SELECT id, response_status, response_body, content_key, received_at FROM inbound_messages
            WHERE tenant = \(tenant) AND channel = \(channel) AND message_key = \(messageKey)
            """
        )
        guard let row = rows.first else { return nil }
        let (id, status, body, contentKey, receivedAt) = try row.decode((Int64, Int32, String, String?, String).self)
        // Archived earlier in this same batch: its answer is still kept here.
        if let kept = responses.last(where: { $0.id == id }) {
            return EarlierMessage(response: StoredResponse(status: Int(kept.status), body: kept.body), contentKey: contentKey, receivedAt: receivedAt)
        }
        return EarlierMessage(response: StoredResponse(status: Int(status), body: body), contentKey: contentKey, receivedAt: receivedAt)
    }

    /// Messages archived in this transaction, written by ``finish()`` (or before a dead letter that refers to them),
    /// with ids reserved from the table's identity in blocks.
    private var archives: [(id: Int64, message: InboundMessage, result: InboundResult)] = []
    private var archived: [String: Int] = [:]
    private var reservedIds: [Int64] = []

    private static func archiveKey(_ tenant: String, _ channel: String, _ messageKey: String) -> String {
        tenant + "\u{0}" + channel + "\u{0}" + messageKey
    }

    func archive(_ message: InboundMessage, result: InboundResult) throws -> Int64 {
        if reservedIds.isEmpty {
            let rows = try session.run(
                "SELECT nextval(pg_get_serial_sequence('inbound_messages', 'id')) FROM generate_series(1, \(Int64(64)))"
            )
            reservedIds = try rows.map { try $0.decode(Int64.self) }.reversed()
        }
        guard let id = reservedIds.popLast() else { throw StoreError(.internal, "no inbound id reserved") }
        archived[Self.archiveKey(message.tenant, message.channel, message.messageKey)] = archives.count
        archives.append((id, message, result))
        return id
    }

    /// Writes the messages archived so far, with the answers they were given, in one statement.
    private func writeArchives() throws(StoreError) {
        guard !archives.isEmpty else { return }
        var answers: [Int64: (status: Int32, body: String)] = [:]
        for response in responses { answers[response.id] = (response.status, response.body) }
        var rows = ValueRows()
        for (id, message, result) in archives {
            let answer = answers[id]
            rows.append([
                .integer(id), .text(message.tenant), .text(message.channel), .text(message.messageKey),
                .text(Timestamp.format(message.receivedAt)), .text(message.contentType), .text(message.headersJSON), .bytes(message.body),
                .text(result.rawValue), .integer(Int64(answer?.status ?? 0)), .text(answer?.body ?? ""), .text(message.contentKey),
            ])
        }
        try session.run(
            rows.query(
                """
                INSERT INTO inbound_messages (id, tenant, channel, message_key, received_at, content_type, headers, body,
                    result, response_status, response_body, content_key) OVERRIDING SYSTEM VALUE
                """
            )
        )
        let written = Set(archives.map(\.id))
        responses.removeAll { written.contains($0.id) }
        // Now in the table: later lookups of these keys read it there (with any answer kept since).
        for (_, message, _) in archives { absentMessages.remove(Self.archiveKey(message.tenant, message.channel, message.messageKey)) }
        archives.removeAll()
        archived.removeAll()
    }

    func resolveDeadLetter(tenant: String, id: Int64, at time: Date) throws -> (inboundId: Int64, channel: String) {
        try writeArchives()
        let rows = try session.run("SELECT inbound_id, channel, status FROM dead_letters WHERE id = \(id) AND tenant = \(tenant) FOR UPDATE")
        guard let row = rows.first else { throw StoreError(.notFound, "no dead letter \(id)") }
        let (inboundId, channel, status) = try row.decode((Int64, String, String).self)
        guard status == DeadLetterStatus.open.rawValue else { throw StoreError(.conflict, "dead letter \(id) was already replayed") }
        let now = Timestamp.format(time)
        try session.run(
            """
            UPDATE dead_letters SET status = 'replayed', replay_count = replay_count + 1, last_replay_at = \(now),
                resolved_at = \(now) WHERE id = \(id)
            """
        )
        try session.run("UPDATE inbound_messages SET result = \(InboundResult.replayed.rawValue) WHERE id = \(inboundId)")
        return (inboundId, channel)
    }

    func insertDeadLetter(tenant: String, channel: String, inboundId: Int64, error: PayloadError, at time: Date) throws -> Int64 {
        try writeArchives()
        let rows = try session.run(
            """
            INSERT INTO dead_letters (tenant, channel, inbound_id, error_code, error_message, error_field, created_at)
            VALUES (\(tenant), \(channel), \(inboundId), \(error.code), \(error.message), \(error.field), \(Timestamp.format(time)))
            RETURNING id
            """
        )
        return try Self.id(rows)
    }

    /// Answers kept until ``finish()`` writes them all in one statement (nothing reads them back before the commit).
    private var responses: [(id: Int64, status: Int32, body: String)] = []

    func storeResponse(_ response: StoredResponse, inboundId: Int64) throws {
        responses.append((inboundId, Int32(response.status), response.body))
    }

    func checkFence(_ lease: Lease) throws {
        // Expiry by the database clock, the one every replica's leases are taken with.
        let rows = try session.run(
            "SELECT owner, epoch, expires_at >= EXTRACT(EPOCH FROM clock_timestamp()) FROM leases WHERE name = \(lease.name) FOR SHARE"
        )
        let current = try rows.first.map { try $0.decode((String, Int64, Bool).self) }
        guard let current, current.0 == lease.owner, current.1 == lease.epoch, current.2 else {
            throw StoreError(.leaseLost, "the \(lease.name) lease (epoch \(lease.epoch)) is no longer held by \(lease.owner)")
        }
    }

    /// Orders changed in this transaction, written by ``finish()``: later events of the same order read them here.
    private var orders: [String: (row: OrderRow, isNew: Bool, hasOrder: Bool)] = [:]
    /// Ids of the orders created in this transaction by channel order, and the parents they name.
    private var keptOrderIds: [WriteHints.OrderKey: String] = [:]
    private var keptParents: Set<String> = []
    /// Whether an order read from the table had its details stored, for the row written back.
    private var storedHasOrder: [String: Bool] = [:]
    /// Events appended in this transaction, written by ``finish()`` in one statement per thousand.
    private var events: [(position: Int64, row: EventRow)] = []

    /// Reads the orders under `keys` (ids and states) and which of `derivedIds` are named as parents.
    private func prefetchOrders(keys: [WriteHints.OrderKey], derivedIds: [String]) throws(StoreError) {
        if !keys.isEmpty {
            let rows = try session.run(
                """
                SELECT o.tenant, o.channel, o.channel_order_id, o.order_id, o.status, o.sequence, o.channel_sequence,
                    o.channel_updated_at, o.order_position IS NOT NULL
                FROM orders o
                JOIN UNNEST(\(keys.map(\.tenant))::TEXT[], \(keys.map(\.channel))::TEXT[], \(keys.map(\.channelOrderId))::TEXT[])
                    AS k(tenant, channel, channel_order_id)
                    ON o.tenant = k.tenant AND o.channel = k.channel AND o.channel_order_id = k.channel_order_id
                """
            )
            for row in rows {
                let (tenant, channel, channelOrderId, orderId, status, sequence, channelSequence, updatedAt, hasOrder) =
                    try PostgresEventStore.decoding {
                        try row.decode((String, String, String, String, String, Int64, Int64?, Double?, Bool).self)
                    }
                knownOrderIds[WriteHints.OrderKey(tenant: tenant, channel: channel, channelOrderId: channelOrderId)] = orderId
                knownOrders[orderId] = StoredOrderState(
                    status: status, sequence: sequence,
                    version: OrderVersion(channelSequence: channelSequence, channelUpdatedAt: updatedAt.map(Date.init(timeIntervalSince1970:))),
                    hasOrder: hasOrder
                )
            }
            absentOrderKeys = Set(keys).subtracting(knownOrderIds.keys)
        }
        if !derivedIds.isEmpty {
            let rows = try session.run(
                "SELECT DISTINCT parent_order_id FROM orders WHERE parent_order_id = ANY(\(derivedIds)::TEXT[])"
            )
            for row in rows {
                namedParents.insert(try PostgresEventStore.decoding { try row.decode(String.self) })
            }
            unnamedParents = Set(derivedIds).subtracting(namedParents)
        }
    }

    func orderId(tenant: String, channel: String, channelOrderId: String) throws -> String? {
        let key = WriteHints.OrderKey(tenant: tenant, channel: channel, channelOrderId: channelOrderId)
        if let kept = keptOrderIds[key] ?? knownOrderIds[key] { return kept }
        if absentOrderKeys.contains(key) { return nil }
        let rows = try session.run(
            """
            SELECT order_id FROM orders
            WHERE tenant = \(tenant) AND channel = \(channel) AND channel_order_id = \(channelOrderId)
            """
        )
        return try rows.first.map { row in try row.decode(String.self) }
    }

    func isNamedAsParent(_ orderId: String) throws -> Bool {
        if keptParents.contains(orderId) || namedParents.contains(orderId) { return true }
        if unnamedParents.contains(orderId) { return false }
        return try session.run("SELECT 1 FROM orders WHERE parent_order_id = \(orderId) LIMIT 1").first != nil
    }

    func orderState(orderId: String) throws -> StoredOrderState? {
        if let changed = orders[orderId] {
            return StoredOrderState(status: changed.row.status, sequence: changed.row.sequence, version: changed.row.version, hasOrder: changed.hasOrder)
        }
        if let known = knownOrders[orderId] {
            storedHasOrder[orderId] = known.hasOrder
            return known
        }
        if absentOrders.contains(orderId) { return nil }
        let rows = try session.run(
            """
            SELECT status, sequence, channel_sequence, channel_updated_at, order_position IS NOT NULL
            FROM orders WHERE order_id = \(orderId)
            """
        )
        guard let row = rows.first else { return nil }
        let (status, sequence, channelSequence, updatedAt, hasOrder) = try row.decode((String, Int64, Int64?, Double?, Bool).self)
        storedHasOrder[orderId] = hasOrder
        return StoredOrderState(
            status: status, sequence: sequence,
            version: OrderVersion(channelSequence: channelSequence, channelUpdatedAt: updatedAt.map(Date.init(timeIntervalSince1970:))),
            hasOrder: hasOrder
        )
    }

    func insertEvent(_ event: EventRow) throws -> Int64 {
        let position = head + 1
        events.append((position, event))
        head = position
        return position
    }

    func enqueueOutbox(_ entry: OutboxRow) throws {
        try session.run(
            """
            INSERT INTO outbox (tenant, channel, order_id, channel_order_id, event_id, event_type, position, status,
                next_attempt_at, created_at)
            VALUES (\(entry.tenant), \(entry.channel), \(entry.orderId), \(entry.channelOrderId), \(entry.eventId),
                \(entry.eventType.rawValue), \(entry.position), 'pending', \(entry.createdAt.timeIntervalSince1970),
                \(Timestamp.formatFixedWidth(entry.createdAt)))
            """
        )
    }

    func saveOrder(_ order: OrderRow, isNew: Bool) throws {
        var merged = order
        var insert = isNew
        var hasOrder = order.orderPosition != nil || (storedHasOrder[order.orderId] ?? false)
        if let earlier = orders[order.orderId] {
            // As the UPDATE would: details, placing time and parent are kept unless this change brings new ones.
            merged.orderPosition = order.orderPosition ?? earlier.row.orderPosition
            merged.placedAt = order.placedAt ?? earlier.row.placedAt
            merged.parentOrderId = order.parentOrderId ?? earlier.row.parentOrderId
            insert = earlier.isNew
            hasOrder = hasOrder || earlier.hasOrder
        }
        orders[order.orderId] = (merged, insert, hasOrder)
        if isNew {
            keptOrderIds[WriteHints.OrderKey(tenant: order.tenant, channel: order.channel, channelOrderId: order.channelOrderId)] = order.orderId
        }
        if let parent = merged.parentOrderId { keptParents.insert(parent) }
    }

    /// Writes the events and orders kept by this transaction, a thousand rows per statement.
    private func writeKept() throws(StoreError) {
        for chunk in stride(from: 0, to: events.count, by: 1000) {
            var rows = ValueRows()
            for (position, event) in events[chunk..<min(chunk + 1000, events.count)] {
                rows.append([
                    .integer(position), .text(event.id), .text(event.tenant), .text(event.orderId), .integer(event.sequence),
                    .text(event.type.rawValue), .text(event.channel), .text(event.channelOrderId), .integer(event.channelSequence),
                    .text(event.outcome.rawValue), .integer(event.inboundId), .text(event.recordedAt), .text(event.dataJSON),
                    .text(event.mappingVersion),
                ])
            }
            try session.run(
                rows.query(
                    """
                    INSERT INTO events (position, id, tenant, order_id, sequence, type, channel, channel_order_id, channel_sequence,
                        outcome, inbound_id, recorded_at, data, mapping_version)
                    """
                )
            )
        }
        events.removeAll()
        let changed = orders.values.sorted { $0.row.orderId < $1.row.orderId }
        var inserts = ValueRows()
        var updates = ValueRows()
        for (order, isNew, _) in changed {
            let updatedAt = order.version.channelUpdatedAt?.timeIntervalSince1970
            if isNew {
                inserts.append([
                    .text(order.orderId), .text(order.tenant), .text(order.channel), .text(order.channelOrderId), .text(order.status),
                    .text(order.parentOrderId), .integer(order.sequence), .integer(order.version.channelSequence), .real(updatedAt),
                    .text(order.placedAt), .text(order.time), .text(order.time), .integer(order.statePosition), .integer(order.orderPosition),
                ])
            } else {
                updates.append([
                    .text(order.orderId), .text(order.status), .integer(order.sequence), .integer(order.version.channelSequence),
                    .real(updatedAt), .text(order.time), .integer(order.statePosition), .integer(order.orderPosition), .text(order.placedAt),
                    .text(order.parentOrderId),
                ])
            }
        }
        if !inserts.isEmpty {
            try session.run(
                inserts.query(
                    """
                    INSERT INTO orders (order_id, tenant, channel, channel_order_id, status, parent_order_id, sequence,
                        channel_sequence, channel_updated_at, placed_at, created_at, updated_at, state_position, order_position)
                    """
                )
            )
        }
        if !updates.isEmpty {
            var query = updates.query("UPDATE orders AS o SET status = v.status, sequence = v.sequence, channel_sequence = v.channel_sequence, "
                + "channel_updated_at = v.channel_updated_at, updated_at = v.updated_at, state_position = v.state_position, "
                + "order_position = COALESCE(v.order_position, o.order_position), placed_at = COALESCE(v.placed_at, o.placed_at), "
                + "parent_order_id = COALESCE(v.parent_order_id, o.parent_order_id) FROM (")
            query.sql += ") AS v(order_id, status, sequence, channel_sequence, channel_updated_at, updated_at, state_position, "
                + "order_position, placed_at, parent_order_id) WHERE o.order_id = v.order_id"
            try session.run(query)
        }
        orders.removeAll()
    }

    func recordConflict(tenant: String, orderId: String, eventId: String, reason: String, at time: String) throws {
        try session.run(
            """
            INSERT INTO order_conflicts (tenant, order_id, event_id, reason, detected_at)
            VALUES (\(tenant), \(orderId), \(eventId), \(reason), \(time))
            """
        )
    }

    private static func id(_ rows: PostgresQueryResult) throws(StoreError) -> Int64 {
        guard let row = rows.first, let id = try? row.decode(Int64.self) else { throw StoreError(.internal, "no id returned") }
        return id
    }
}
