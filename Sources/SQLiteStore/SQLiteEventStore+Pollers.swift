import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// The checkpoint of `channel`'s poller for `tenant` (empty when it never ran).
    public func pollerCheckpoint(tenant: String, channel: String) throws(StoreError) -> PollerCheckpoint {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT high_water, round_since, page_token, rounds FROM poller_checkpoints WHERE tenant = ? AND channel = ?",
                [.text(tenant), .text(channel)]
            ) { PollerCheckpoint(highWater: $0.optionalInt64(0), roundSince: $0.optionalInt64(1), pageToken: $0.optionalText(2), rounds: $0.int64(3)) }
                .first ?? PollerCheckpoint()
        }
    }

    /// Stores `checkpoint` while `lease` is still held; throws ``StoreError/Kind/leaseLost`` once another process took it.
    public func savePollerCheckpoint(tenant: String, channel: String, _ checkpoint: PollerCheckpoint, under lease: Lease) async throws {
        try await writer.write { connection in
            try Self.checkFence(lease, in: connection)
            try connection.run(
                """
                INSERT INTO poller_checkpoints (tenant, channel, high_water, round_since, page_token, rounds, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, channel) DO UPDATE SET high_water = excluded.high_water, round_since = excluded.round_since,
                    page_token = excluded.page_token, rounds = excluded.rounds, updated_at = excluded.updated_at
                """,
                [
                    .text(tenant), .text(channel), checkpoint.highWater.map(SQLiteValue.integer) ?? .null,
                    checkpoint.roundSince.map(SQLiteValue.integer) ?? .null, .optionalText(checkpoint.pageToken), .integer(checkpoint.rounds),
                    .text(Timestamp.format(Date())),
                ]
            )
        }
    }
}
