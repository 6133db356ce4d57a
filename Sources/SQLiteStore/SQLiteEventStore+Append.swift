import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Stores `events` from `source` in one transaction and returns the answer `respond` builds, once on disk.
    ///
    /// A message whose key was stored before stores nothing and returns the original answer (`replayed`).
    public func append(
        _ events: [PendingEvent], from source: AppendSource, receivedAt: Date,
        respond: @escaping @Sendable ([CommittedEvent]) -> StoredResponse
    ) async throws -> AppendResult {
        let source = try sealed(source)
        return try await writer.write { connection in
            let inboundId: Int64?
            let tenant: String
            let channel: String
            switch source {
            case .core(let coreTenant, let coreChannel, let lease):
                if let lease { try Self.checkFence(lease, in: connection) }
                inboundId = nil
                tenant = coreTenant
                channel = coreChannel
            case .message(let message):
                if let earlier = try Self.storedResponse(for: message, in: connection) {
                    return AppendResult(response: earlier, replayed: true, events: [])
                }
                inboundId = try Self.archive(message, result: "accepted", in: connection)
                tenant = message.tenant
                channel = message.channel
            case .deadLetter(let deadLetterTenant, let id, let replacement):
                let rows = try connection.query(
                    "SELECT d.inbound_id, d.channel, d.status FROM dead_letters d WHERE d.id = ? AND d.tenant = ?",
                    [.integer(id), .text(deadLetterTenant)]
                ) { ($0.int64(0), $0.text(1), $0.text(2)) }
                guard let row = rows.first else { throw StoreError(.notFound, "no dead letter \(id)") }
                guard row.2 == "open" else { throw StoreError(.conflict, "dead letter \(id) was already replayed") }
                tenant = deadLetterTenant
                channel = row.1
                try connection.run(
                    """
                    UPDATE dead_letters SET status = 'replayed', replay_count = replay_count + 1,
                        last_replay_at = ?, resolved_at = ? WHERE id = ?
                    """,
                    [.text(Timestamp.format(receivedAt)), .text(Timestamp.format(receivedAt)), .integer(id)]
                )
                try connection.run("UPDATE inbound_messages SET result = 'replayed' WHERE id = ?", [.integer(row.0)])
                if let replacement {
                    // The corrected message may already have arrived on its own: then it is resolved by that one.
                    if let earlier = try Self.storedResponse(for: replacement, in: connection) {
                        return AppendResult(response: earlier, replayed: true, events: [])
                    }
                    inboundId = try Self.archive(replacement, result: "accepted", in: connection)
                } else {
                    inboundId = row.0
                }
            }
            var committed: [CommittedEvent] = []
            committed.reserveCapacity(events.count)
            for event in events {
                committed.append(try Self.apply(event, tenant: tenant, channel: channel, inboundId: inboundId, at: receivedAt, in: connection))
            }
            let response = respond(committed)
            if let inboundId {
                try connection.run(
                    "UPDATE inbound_messages SET response_status = ?, response_body = ? WHERE id = ?",
                    [.integer(Int64(response.status)), .text(response.body), .integer(inboundId)]
                )
            }
            return AppendResult(response: response, replayed: false, events: committed)
        }
    }

    static func storedResponse(for message: InboundMessage, in connection: SQLiteConnection) throws -> StoredResponse? {
        try connection.query(
            "SELECT response_status, response_body FROM inbound_messages WHERE tenant = ? AND channel = ? AND message_key = ?",
            [.text(message.tenant), .text(message.channel), .text(message.messageKey)]
        ) { StoredResponse(status: Int($0.int64(0)), body: $0.text(1)) }.first
    }

    static func archive(_ message: InboundMessage, result: String, in connection: SQLiteConnection) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO inbound_messages (tenant, channel, message_key, received_at, content_type, headers, body,
                result, response_status, response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')
            """,
            [
                .text(message.tenant), .text(message.channel), .text(message.messageKey), .text(Timestamp.format(message.receivedAt)),
                .optionalText(message.contentType), .text(message.headersJSON), .blob(message.body), .text(result),
            ]
        )
        return connection.lastInsertRowID
    }

    /// The stored state of one order, as the writer needs it.
    private struct OrderRow {
        var status: String
        var sequence: Int64
        var version: OrderVersion
        var hasOrder: Bool
    }

    static func apply(
        _ pending: PendingEvent, tenant: String, channel: String, inboundId: Int64?, at time: Date, in connection: SQLiteConnection
    ) throws -> CommittedEvent {
        let row = try connection.query(
            "SELECT status, sequence, channel_sequence, channel_updated_at, order_position IS NOT NULL FROM orders WHERE order_id = ?",
            [.text(pending.orderId)]
        ) { statement in
            OrderRow(
                status: statement.text(0), sequence: statement.int64(1),
                version: OrderVersion(
                    channelSequence: statement.optionalInt64(2),
                    channelUpdatedAt: statement.isNull(3) ? nil : Date(timeIntervalSince1970: statement.double(3))
                ),
                hasOrder: statement.int64(4) != 0
            )
        }.first
        let event = pending.event
        let currentStatus = row.flatMap { OrderStatus(rawValue: $0.status) }
        var outcome = EventOutcome.applied
        var newStatus = row?.status ?? "unknown"
        var conflictReason: String?
        if let row, event.version.isOlder(than: row.version) {
            outcome = .stale
        } else {
            switch OrderStateMachine.outcome(of: event, on: currentStatus) {
            case .moveTo(let status): newStatus = status.rawValue
            case .keep: break
            case .conflict(let reason):
                outcome = .conflict
                conflictReason = reason
            }
        }
        let sequence = (row?.sequence ?? 0) + 1
        let timeText = Timestamp.formatFixedWidth(time)
        try connection.run(
            """
            INSERT INTO events (id, tenant, order_id, sequence, type, channel, channel_order_id, channel_sequence, outcome,
                inbound_id, recorded_at, data, mapping_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(pending.id), .text(tenant), .text(pending.orderId), .integer(sequence), .text(event.type.rawValue),
                .text(channel), .text(event.channelOrderId), .optionalInteger(event.channelSequence), .text(outcome.rawValue),
                inboundId.map(SQLiteValue.integer) ?? .null, .text(timeText), .text(pending.dataJSON), .optionalText(pending.mappingVersion),
            ]
        )
        let position = connection.lastInsertRowID
        if pending.outbound, outcome == .applied {
            try connection.run(
                """
                INSERT INTO outbox (tenant, channel, order_id, channel_order_id, event_id, event_type, position, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                """,
                [
                    .text(tenant), .text(pending.orderChannel ?? channel), .text(pending.orderId), .text(event.channelOrderId), .text(pending.id),
                    .text(event.type.rawValue), .integer(position), .real(time.timeIntervalSince1970), .text(timeText),
                ]
            )
        }
        // A stale or conflicting event never changes state, except that an order's details fill a stub.
        let storesOrder = pending.carriesOrder && (outcome == .applied || row?.hasOrder == false)
        let version = outcome == .applied ? (row?.version.merged(with: event.version) ?? event.version) : (row?.version ?? OrderVersion(channelSequence: nil, channelUpdatedAt: nil))
        let placedAt: String? = if case .order(let order) = event.body { Timestamp.format(order.placedAt) } else { nil }
        if row == nil {
            try connection.run(
                """
                INSERT INTO orders (order_id, tenant, channel, channel_order_id, status, parent_order_id, sequence,
                    channel_sequence, channel_updated_at, placed_at, created_at, updated_at, state_position, order_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(pending.orderId), .text(tenant), .text(pending.orderChannel ?? channel), .text(event.channelOrderId), .text(newStatus),
                    .optionalText(pending.parentOrderId), .integer(sequence), .optionalInteger(version.channelSequence),
                    version.channelUpdatedAt.map { .real($0.timeIntervalSince1970) } ?? .null,
                    .optionalText(placedAt), .text(timeText), .text(timeText), .integer(position),
                    storesOrder ? .integer(position) : .null,
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
                    .text(newStatus), .integer(sequence), .optionalInteger(version.channelSequence),
                    version.channelUpdatedAt.map { .real($0.timeIntervalSince1970) } ?? .null,
                    .text(timeText), .integer(position), storesOrder ? .integer(position) : .null,
                    storesOrder ? .optionalText(placedAt) : .null, .optionalText(pending.parentOrderId), .text(pending.orderId),
                ]
            )
        }
        if let conflictReason {
            try connection.run(
                "INSERT INTO order_conflicts (tenant, order_id, event_id, reason, detected_at) VALUES (?, ?, ?, ?, ?)",
                [.text(tenant), .text(pending.orderId), .text(pending.id), .text(conflictReason), .text(timeText)]
            )
        }
        return CommittedEvent(
            id: pending.id, type: event.type, orderId: pending.orderId, channelOrderId: event.channelOrderId,
            sequence: sequence, position: position, outcome: outcome, status: newStatus
        )
    }
}
