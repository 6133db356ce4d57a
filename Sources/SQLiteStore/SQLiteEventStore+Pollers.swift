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

    /// Stores `checkpoint` if `owner` still holds the lease; false when another process took it over.
    public func savePollerCheckpoint(tenant: String, channel: String, owner: String, _ checkpoint: PollerCheckpoint) async throws -> Bool {
        try await writer.write { connection in
            try connection.run(
                """
                UPDATE poller_checkpoints SET high_water = ?, round_since = ?, page_token = ?, rounds = ?, updated_at = ?
                WHERE tenant = ? AND channel = ? AND lease_owner = ?
                """,
                [
                    checkpoint.highWater.map(SQLiteValue.integer) ?? .null, checkpoint.roundSince.map(SQLiteValue.integer) ?? .null,
                    .optionalText(checkpoint.pageToken), .integer(checkpoint.rounds), .text(Timestamp.format(Date())), .text(tenant),
                    .text(channel), .text(owner),
                ]
            )
            return connection.changes == 1
        }
    }

    /// Takes or renews the lease on `channel`'s poller for `seconds`; false while another owner's lease is live.
    public func acquirePollerLease(tenant: String, channel: String, owner: String, seconds: Double) async throws -> Bool {
        try await writer.write { connection in
            let now = Date().timeIntervalSince1970
            try connection.run(
                """
                INSERT INTO poller_checkpoints (tenant, channel, lease_owner, lease_until, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant, channel) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
                WHERE poller_checkpoints.lease_owner IS NULL OR poller_checkpoints.lease_owner = excluded.lease_owner
                    OR poller_checkpoints.lease_until < ?
                """,
                [.text(tenant), .text(channel), .text(owner), .real(now + seconds), .text(Timestamp.format(Date())), .real(now)]
            )
            return connection.changes == 1
        }
    }

    /// Gives the lease up so another process may poll at once.
    public func releasePollerLease(tenant: String, channel: String, owner: String) async throws {
        try await writer.write { connection in
            try connection.run(
                "UPDATE poller_checkpoints SET lease_owner = NULL, lease_until = NULL WHERE tenant = ? AND channel = ? AND lease_owner = ?",
                [.text(tenant), .text(channel), .text(owner)]
            )
        }
    }
}
