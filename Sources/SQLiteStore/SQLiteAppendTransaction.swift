import CanonicalModel
import Foundation
import Storage

/// The appender's transaction on the SQLite writer connection, inside one group-commit job.
struct SQLiteAppendTransaction: AppendTransaction {
    let connection: SQLiteConnection

    func earlierMessage(tenant: String, channel: String, messageKey: String) throws -> EarlierMessage? {
        try connection.query(
            """
            SELECT response_status, response_body, content_key, received_at FROM inbound_messages
            WHERE tenant = ? AND channel = ? AND message_key = ?
            """,
            [.text(tenant), .text(channel), .text(messageKey)]
        ) { row in
            // A message keyed by its content digest keeps no second copy of it (see `archive`).
            let contentKey = row.optionalText(2) ?? (messageKey.hasPrefix(Self.contentKeyPrefix) ? messageKey : nil)
            return EarlierMessage(response: StoredResponse(status: Int(row.int64(0)), body: row.text(1)), contentKey: contentKey, receivedAt: row.text(3))
        }.first
    }

    /// How a content digest key begins; such a message's content key is its message key.
    static let contentKeyPrefix = "sha256:"

    /// Archives a message; a content digest equal to the message key is not stored twice, so that a typical order
    /// message and its answer fit two to a page.
    func archive(_ message: InboundMessage, result: InboundResult) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO inbound_messages (tenant, channel, message_key, received_at, content_type, headers, body,
                result, response_status, response_body, content_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)
            """,
            [
                .text(message.tenant), .text(message.channel), .text(message.messageKey), .text(Timestamp.format(message.receivedAt)),
                .optionalText(message.contentType), .text(message.headersJSON), .blob(message.body), .text(result.rawValue),
                .optionalText(message.contentKey == message.messageKey ? nil : message.contentKey),
            ]
        )
        return connection.lastInsertRowID
    }

    func resolveDeadLetter(tenant: String, id: Int64, at time: Date) throws -> (inboundId: Int64, channel: String) {
        let rows = try connection.query(
            "SELECT d.inbound_id, d.channel, d.status FROM dead_letters d WHERE d.id = ? AND d.tenant = ?", [.integer(id), .text(tenant)]
        ) { ($0.int64(0), $0.text(1), $0.text(2)) }
        guard let row = rows.first else { throw StoreError(.notFound, "no dead letter \(id)") }
        guard row.2 == DeadLetterStatus.open.rawValue else { throw StoreError(.conflict, "dead letter \(id) was already replayed") }
        try connection.run(
            "UPDATE dead_letters SET status = 'replayed', replay_count = replay_count + 1, last_replay_at = ?, resolved_at = ? WHERE id = ?",
            [.text(Timestamp.format(time)), .text(Timestamp.format(time)), .integer(id)]
        )
        try connection.run("UPDATE inbound_messages SET result = ? WHERE id = ?", [.text(InboundResult.replayed.rawValue), .integer(row.0)])
        return (row.0, row.1)
    }

    func insertDeadLetter(tenant: String, channel: String, inboundId: Int64, error: PayloadError, at time: Date) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO dead_letters (tenant, channel, inbound_id, error_code, error_message, error_field, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(tenant), .text(channel), .integer(inboundId), .text(error.code), .text(error.message), .optionalText(error.field),
                .text(Timestamp.format(time)),
            ]
        )
        return connection.lastInsertRowID
    }

    func storeResponse(_ response: StoredResponse, inboundId: Int64) throws {
        try connection.run(
            "UPDATE inbound_messages SET response_status = ?, response_body = ? WHERE id = ?",
            [.integer(Int64(response.status)), .text(response.body), .integer(inboundId)]
        )
    }

    func checkFence(_ lease: Lease) throws {
        try SQLiteEventStore.checkFence(lease, in: connection)
    }

    func orderId(tenant: String, channel: String, channelOrderId: String) throws -> String? {
        try connection.query(
            "SELECT order_id FROM orders WHERE tenant = ? AND channel = ? AND channel_order_id = ?",
            [.text(tenant), .text(channel), .text(channelOrderId)]
        ) { statement in statement.text(0) }.first
    }

    func isNamedAsParent(_ orderId: String) throws -> Bool {
        try !connection.query("SELECT 1 FROM orders WHERE parent_order_id = ? LIMIT 1", [.text(orderId)]) { _ in true }.isEmpty
    }

    func orderState(orderId: String) throws -> StoredOrderState? {
        try connection.query(
            "SELECT status, sequence, channel_sequence, channel_updated_at, order_position IS NOT NULL FROM orders WHERE order_id = ?",
            [.text(orderId)]
        ) { statement in
            StoredOrderState(
                status: statement.text(0), sequence: statement.int64(1),
                version: OrderVersion(
                    channelSequence: statement.optionalInt64(2),
                    channelUpdatedAt: statement.isNull(3) ? nil : Date(timeIntervalSince1970: statement.double(3))
                ),
                hasOrder: statement.int64(4) != 0
            )
        }.first
    }

    func insertEvent(_ event: EventRow) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO events (id, tenant, order_id, sequence, type, channel, channel_order_id, channel_sequence, outcome,
                inbound_id, recorded_at, data, mapping_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(event.id), .text(event.tenant), .text(event.orderId), .integer(event.sequence), .text(event.type.rawValue),
                .text(event.channel), .text(event.channelOrderId), .optionalInteger(event.channelSequence), .text(event.outcome.rawValue),
                event.inboundId.map(SQLiteValue.integer) ?? .null, .text(event.recordedAt), .text(event.dataJSON),
                .optionalText(event.mappingVersion),
            ]
        )
        return connection.lastInsertRowID
    }

    func enqueueOutbox(_ entry: OutboxRow) throws {
        try connection.run(
            """
            INSERT INTO outbox (tenant, channel, order_id, channel_order_id, event_id, event_type, position, status, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            """,
            [
                .text(entry.tenant), .text(entry.channel), .text(entry.orderId), .text(entry.channelOrderId), .text(entry.eventId),
                .text(entry.eventType.rawValue), .integer(entry.position), .real(entry.createdAt.timeIntervalSince1970),
                .text(Timestamp.formatFixedWidth(entry.createdAt)),
            ]
        )
    }

    func saveOrder(_ order: OrderRow, isNew: Bool) throws {
        let updatedAt = order.version.channelUpdatedAt.map { SQLiteValue.real($0.timeIntervalSince1970) } ?? .null
        if isNew {
            try connection.run(
                """
                INSERT INTO orders (order_id, tenant, channel, channel_order_id, status, parent_order_id, sequence,
                    channel_sequence, channel_updated_at, placed_at, created_at, updated_at, state_position, order_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(order.orderId), .text(order.tenant), .text(order.channel), .text(order.channelOrderId), .text(order.status),
                    .optionalText(order.parentOrderId), .integer(order.sequence), .optionalInteger(order.version.channelSequence), updatedAt,
                    .optionalText(order.placedAt), .text(order.time), .text(order.time), .integer(order.statePosition),
                    order.orderPosition.map(SQLiteValue.integer) ?? .null,
                ]
            )
        } else {
            try connection.run(
                """
                UPDATE orders SET status = ?, sequence = ?, channel_sequence = ?, channel_updated_at = ?, updated_at = ?,
                    state_position = ?, order_position = COALESCE(?, order_position), placed_at = COALESCE(?, placed_at),
                    parent_order_id = COALESCE(?, parent_order_id)
                WHERE order_id = ?
                """,
                [
                    .text(order.status), .integer(order.sequence), .optionalInteger(order.version.channelSequence), updatedAt,
                    .text(order.time), .integer(order.statePosition), order.orderPosition.map(SQLiteValue.integer) ?? .null,
                    .optionalText(order.placedAt), .optionalText(order.parentOrderId), .text(order.orderId),
                ]
            )
        }
    }

    func recordConflict(tenant: String, orderId: String, eventId: String, reason: String, at time: String) throws {
        try connection.run(
            "INSERT INTO order_conflicts (tenant, order_id, event_id, reason, detected_at) VALUES (?, ?, ?, ?, ?)",
            [.text(tenant), .text(orderId), .text(eventId), .text(reason), .text(time)]
        )
    }
}
