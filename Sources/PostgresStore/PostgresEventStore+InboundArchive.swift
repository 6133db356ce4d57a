import CanonicalModel
import Foundation
import NIOCore
import PostgresNIO
import Storage

extension PostgresEventStore: InboundArchive {
    /// The newest `limit` messages of `channel` that became events (accepted or replayed), newest first, bodies opened.
    public func recentMessages(tenant: String, channel: String, limit: Int) throws(StoreError) -> [ArchivedMessage] {
        let messages = try readers.with { session throws(StoreError) -> [ArchivedMessage] in
            var messages: [ArchivedMessage] = []
            for row in try session.run(
                """
                SELECT id, channel, message_key, received_at, content_type, body FROM inbound_messages
                WHERE tenant = \(tenant) AND channel = \(channel) AND result IN ('accepted', 'replayed') ORDER BY id DESC LIMIT \(Int64(limit))
                """
            ) {
                let c = try Self.decoding { try row.decode((Int64, String, String, String, String?, ByteBuffer).self) }
                messages.append(
                    ArchivedMessage(id: c.0, channel: c.1, messageKey: c.2, receivedAt: c.3, contentType: c.4, body: Array(c.5.readableBytesView))
                )
            }
            return messages
        }
        return try messages.map { message throws(StoreError) in try sealing.opened(message) }
    }

    /// Per channel of `channels`: messages and dead letters received since `since`, and its open dead letters with the
    /// newest one's error; channels with none of these are left out.
    public func channelActivity(tenant: String, channels: [String], since: Date) throws(StoreError) -> [ChannelActivity] {
        try readers.with { session throws(StoreError) -> [ChannelActivity] in
            // As SQLite's: the window's first id by bisection, each channel's count a range of its index.
            let boundary = try Self.firstMessageId(receivedSince: Timestamp.formatFixedWidth(since), session)
            var deadLettered: [String: Int64] = [:]
            for row in try session.run("SELECT channel, count(*) FROM dead_letters WHERE tenant = \(tenant) AND inbound_id >= \(boundary) GROUP BY channel") {
                let (channel, count) = try Self.decoding { try row.decode((String, Int64).self) }
                deadLettered[channel] = count
            }
            var activities: [ChannelActivity] = []
            for channel in channels {
                var activity = ChannelActivity(channel: channel, deadLettered: deadLettered[channel] ?? 0)
                if let row = try session.run(
                    "SELECT count(*) FROM inbound_messages WHERE tenant = \(tenant) AND channel = \(channel) AND id >= \(boundary)"
                ).first {
                    activity.received = try Self.decoding { try row.decode(Int64.self) }
                }
                if let row = try session.run(
                    "SELECT count(*), max(id) FROM dead_letters WHERE tenant = \(tenant) AND channel = \(channel) AND status = 'open'"
                ).first {
                    let (count, newest) = try Self.decoding { try row.decode((Int64, Int64?).self) }
                    activity.openDeadLetters = count
                    if let newest, let last = try session.run(
                        "SELECT d.error_code, d.error_message, m.received_at FROM dead_letters d JOIN inbound_messages m ON m.id = d.inbound_id WHERE d.id = \(newest)"
                    ).first {
                        let (code, message, at) = try Self.decoding { try last.decode((String, String, String).self) }
                        activity.lastErrorCode = code
                        activity.lastErrorMessage = message
                        activity.lastErrorAt = at
                    }
                }
                if activity.received > 0 || activity.openDeadLetters > 0 { activities.append(activity) }
            }
            return activities
        }
    }

    /// The smallest message id received at or after `since` (one past the last id when none was), found by bisection:
    /// ids grow with arrival, so a window reads only its own rows.
    static func firstMessageId(receivedSince since: String, _ session: PostgresSession) throws(StoreError) -> Int64 {
        var low: Int64 = 1
        var high: Int64 = 1
        if let row = try session.run("SELECT coalesce(min(id), 1), coalesce(max(id), 0) FROM inbound_messages").first {
            let (first, last) = try decoding { try row.decode((Int64, Int64).self) }
            low = first
            high = last + 1
        }
        while low < high {
            let middle = low + (high - low) / 2
            guard let row = try session.run("SELECT id, received_at FROM inbound_messages WHERE id >= \(middle) ORDER BY id LIMIT 1").first else {
                high = middle
                continue
            }
            let (id, receivedAt) = try decoding { try row.decode((Int64, String).self) }
            if receivedAt >= since { high = middle } else { low = id + 1 }
        }
        return low
    }
}
