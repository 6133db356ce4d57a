import CanonicalModel
import Foundation
import Storage

extension SQLiteEventStore {
    /// The newest `limit` messages of `channel` that became events (accepted or replayed), newest first, bodies opened.
    public func recentMessages(tenant: String, channel: String, limit: Int) throws(StoreError) -> [ArchivedMessage] {
        let messages = try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT id, channel, message_key, received_at, content_type, body FROM inbound_messages
                WHERE tenant = ? AND channel = ? AND result IN ('accepted', 'replayed') ORDER BY id DESC LIMIT ?
                """,
                [.text(tenant), .text(channel), .integer(Int64(limit))]
            ) { statement throws(SQLiteError) in
                ArchivedMessage(
                    id: statement.int64(0), channel: statement.text(1), messageKey: statement.text(2), receivedAt: statement.text(3),
                    contentType: statement.optionalText(4), body: statement.blob(5)
                )
            }
        }
        var opened: [ArchivedMessage] = []
        for message in messages { opened.append(try sealing.opened(message)) }
        return opened
    }

    /// Per channel of `channels`: messages and dead letters received since `since`, and its open dead letters with the
    /// newest one's error; channels with none of these are left out.
    public func channelActivity(tenant: String, channels: [String], since: Date) throws(StoreError) -> [ChannelActivity] {
        try readers.read { connection throws(SQLiteError) in
            // Ids grow with arrival: the window starts at the first id received since `since`, found by bisection; each
            // channel's count is then a range of the (tenant, channel, id) index, and dead letters come from their own
            // (much smaller) table, so no page reads the archive's rows.
            let boundary = try Self.firstMessageId(receivedSince: Timestamp.formatFixedWidth(since), connection)
            let deadLettered = Dictionary(
                try connection.query(
                    "SELECT channel, count(*) FROM dead_letters WHERE tenant = ? AND inbound_id >= ? GROUP BY channel", [.text(tenant), .integer(boundary)]
                ) { statement throws(SQLiteError) in (statement.text(0), statement.int64(1)) },
                uniquingKeysWith: { first, _ in first }
            )
            var activities: [ChannelActivity] = []
            for channel in channels {
                var activity = ChannelActivity(channel: channel, deadLettered: deadLettered[channel] ?? 0)
                activity.received = try connection.query(
                    "SELECT count(*) FROM inbound_messages WHERE tenant = ? AND channel = ? AND id >= ?", [.text(tenant), .text(channel), .integer(boundary)]
                ) { statement throws(SQLiteError) in statement.int64(0) }.first ?? 0
                let open = try connection.query(
                    "SELECT count(*), max(id) FROM dead_letters WHERE tenant = ? AND channel = ? AND status = 'open'", [.text(tenant), .text(channel)]
                ) { statement throws(SQLiteError) in (statement.int64(0), statement.isNull(1) ? nil : statement.int64(1)) }.first
                activity.openDeadLetters = open?.0 ?? 0
                if let newest = open?.1 {
                    let last = try connection.query(
                        "SELECT d.error_code, d.error_message, m.received_at FROM dead_letters d JOIN inbound_messages m ON m.id = d.inbound_id WHERE d.id = ?",
                        [.integer(newest)]
                    ) { statement throws(SQLiteError) in (statement.text(0), statement.text(1), statement.text(2)) }.first
                    activity.lastErrorCode = last?.0
                    activity.lastErrorMessage = last?.1
                    activity.lastErrorAt = last?.2
                }
                if activity.received > 0 || activity.openDeadLetters > 0 { activities.append(activity) }
            }
            return activities
        }
    }

    /// The smallest message id received at or after `since` (one past the last id when none was).
    static func firstMessageId(receivedSince since: String, _ connection: SQLiteConnection) throws(SQLiteError) -> Int64 {
        let bounds = try connection.query("SELECT coalesce(min(id), 1), coalesce(max(id), 0) FROM inbound_messages", []) { statement throws(SQLiteError) in
            (statement.int64(0), statement.int64(1))
        }.first ?? (1, 0)
        var low = bounds.0
        var high = bounds.1 + 1
        while low < high {
            let middle = low + (high - low) / 2
            let found = try connection.query(
                "SELECT id, received_at FROM inbound_messages WHERE id >= ? ORDER BY id LIMIT 1", [.integer(middle)]
            ) { statement throws(SQLiteError) in (statement.int64(0), statement.text(1)) }.first
            guard let (id, receivedAt) = found else {
                high = middle
                continue
            }
            if receivedAt >= since { high = middle } else { low = id + 1 }
        }
        return low
    }
}
