import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Keeps `message` whole as a dead letter with its error; a resend of it returns the original answer.
    public func deadLetter(
        _ message: InboundMessage, error: PayloadError, respond: @escaping @Sendable (_ deadLetterId: Int64) -> StoredResponse
    ) async throws -> AppendResult {
        let message = try sealing.sealed(message)
        return try await writer.write { connection in
            try Appender.deadLetter(message, error: error, respond: respond, in: SQLiteAppendTransaction(connection: connection))
        }
    }

    /// Records a replay that failed again, with its new error; the dead letter stays open.
    public func recordFailedReplay(tenant: String, id: Int64, error: PayloadError, at time: Date) async throws {
        try await writer.write { connection in
            try connection.run(
                """
                UPDATE dead_letters SET replay_count = replay_count + 1, last_replay_at = ?, error_code = ?,
                    error_message = ?, error_field = ? WHERE id = ? AND tenant = ? AND status = 'open'
                """,
                [
                    .text(Timestamp.format(time)), .text(error.code), .text(error.message), .optionalText(error.field),
                    .integer(id), .text(tenant),
                ]
            )
        }
    }

    /// Dead letters of `tenant` that match `filter`, oldest first, after id `after`.
    public func deadLetters(tenant: String, matching filter: DeadLetterFilter, after: Int64, limit: Int) throws(StoreError) -> [DeadLetter] {
        let from = filter.receivedFrom.map(Timestamp.formatFixedWidth)
        let before = filter.receivedBefore.map(Timestamp.formatFixedWidth)
        let letters = try readers.read { connection throws(SQLiteError) in
            try connection.query(
                Self.deadLetterSelect + """
                     WHERE d.tenant = ?1 AND (?2 IS NULL OR d.status = ?2) AND (?3 IS NULL OR d.channel = ?3) AND (?4 IS NULL OR d.error_code = ?4)
                        AND (?5 IS NULL OR d.error_field = ?5) AND (?6 IS NULL OR m.received_at >= ?6) AND (?7 IS NULL OR m.received_at < ?7)
                        AND d.id > ?8 ORDER BY d.id LIMIT ?9
                    """,
                [
                    .text(tenant), .optionalText(filter.status?.rawValue), .optionalText(filter.channel), .optionalText(filter.errorCode),
                    .optionalText(filter.errorField), .optionalText(from), .optionalText(before), .integer(after), .integer(Int64(limit)),
                ],
                row: Self.deadLetterRow
            )
        }
        var opened: [DeadLetter] = []
        for letter in letters { opened.append(try sealing.opened(letter)) }
        return opened
    }

    /// One dead letter of `tenant` with the message bytes, or nil.
    public func deadLetter(tenant: String, id: Int64) throws(StoreError) -> DeadLetter? {
        let letter = try readers.read { connection throws(SQLiteError) in
            try connection.query(
                Self.deadLetterSelect + " WHERE d.tenant = ? AND d.id = ?", [.text(tenant), .integer(id)], row: Self.deadLetterRow
            ).first
        }
        return try letter.map { letter throws(StoreError) in try sealing.opened(letter) }
    }

    static let deadLetterSelect = """
        SELECT d.id, d.channel, m.message_key, m.received_at, m.content_type, d.error_code, d.error_message, d.error_field,
            d.status, d.replay_count, m.body
        FROM dead_letters d JOIN inbound_messages m ON m.id = d.inbound_id
        """

    static func deadLetterRow(_ statement: SQLiteStatement) throws(SQLiteError) -> DeadLetter {
        DeadLetter(
            id: statement.int64(0), channel: statement.text(1), messageKey: statement.text(2), receivedAt: statement.text(3),
            contentType: statement.optionalText(4), errorCode: statement.text(5), errorMessage: statement.text(6),
            errorField: statement.optionalText(7), status: try statement.value(8, as: DeadLetterStatus.self), replayCount: statement.int64(9), body: statement.blob(10)
        )
    }
}
