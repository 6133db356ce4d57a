import CanonicalModel
import Foundation
import NIOCore
import PostgresNIO
import Storage

extension PostgresEventStore: DeadLetterStore {
    /// Keeps `message` whole as a dead letter with its error; a resend of it returns the original answer.
    public func deadLetter(
        _ message: InboundMessage, error: PayloadError, respond: @escaping @Sendable (_ deadLetterId: Int64) -> StoredResponse
    ) async throws -> AppendResult {
        let message = try sealing.sealed(message)
        return try await write(hints: WriteHints(deadLetter: message)) { transaction in
            try Appender.deadLetter(message, error: error, respond: respond, in: transaction)
        }
    }

    /// Records a replay that failed again, with its new error; the dead letter stays open.
    public func recordFailedReplay(tenant: String, id: Int64, error: PayloadError, at time: Date) async throws {
        try await write { transaction in
            _ = try transaction.session.run(
                """
                UPDATE dead_letters SET replay_count = replay_count + 1, last_replay_at = \(Timestamp.format(time)),
                    error_code = \(error.code), error_message = \(error.message), error_field = \(error.field)
                WHERE id = \(id) AND tenant = \(tenant) AND status = 'open'
                """
            )
        }
    }

    /// Dead letters of `tenant` that match `filter`, oldest first, after id `after`.
    public func deadLetters(tenant: String, matching filter: DeadLetterFilter, after: Int64, limit: Int) throws(StoreError) -> [DeadLetter] {
        let status = filter.status?.rawValue
        let from = filter.receivedFrom.map(Timestamp.formatFixedWidth)
        let before = filter.receivedBefore.map(Timestamp.formatFixedWidth)
        return try deadLetters(
            """
            WHERE d.tenant = \(tenant) AND (\(status)::TEXT IS NULL OR d.status = \(status))
                AND (\(filter.channel)::TEXT IS NULL OR d.channel = \(filter.channel))
                AND (\(filter.errorCode)::TEXT IS NULL OR d.error_code = \(filter.errorCode))
                AND (\(filter.errorField)::TEXT IS NULL OR d.error_field = \(filter.errorField))
                AND (\(from)::TEXT IS NULL OR m.received_at >= \(from)) AND (\(before)::TEXT IS NULL OR m.received_at < \(before))
                AND d.id > \(after) ORDER BY d.id LIMIT \(Int64(limit))
            """
        )
    }

    /// One dead letter of `tenant` with the message bytes, or nil.
    public func deadLetter(tenant: String, id: Int64) throws(StoreError) -> DeadLetter? {
        try deadLetters("WHERE d.tenant = \(tenant) AND d.id = \(id)").first
    }

    private func deadLetters(_ clause: PostgresQuery) throws(StoreError) -> [DeadLetter] {
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT d.id, d.channel, m.message_key, m.received_at, m.content_type, d.error_code, d.error_message, d.error_field,
                    d.status, d.replay_count, m.body
                FROM dead_letters d JOIN inbound_messages m ON m.id = d.inbound_id 
                """
        )
        query.sql += clause.sql
        query.binds = clause.binds
        let letters = try readers.with { session throws(StoreError) in
            var letters: [DeadLetter] = []
            for row in try session.run(query) {
                let c = try Self.decoding {
                    try row.decode((Int64, String, String, String, String?, String, String, String?, String, Int64, ByteBuffer).self)
                }
                guard let status = DeadLetterStatus(rawValue: c.8) else { throw StoreError(.internal, "dead letter \(c.0) has status \(c.8)") }
                letters.append(
                    DeadLetter(
                        id: c.0, channel: c.1, messageKey: c.2, receivedAt: c.3, contentType: c.4, errorCode: c.5, errorMessage: c.6,
                        errorField: c.7, status: status, replayCount: c.9, body: Array(c.10.readableBytesView)
                    )
                )
            }
            return letters
        }
        return try letters.map { letter throws(StoreError) in try sealing.opened(letter) }
    }
}
