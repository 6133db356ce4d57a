import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: PollerStateStore {
    /// The checkpoint of `channel`'s poller for `tenant` (empty when it never ran).
    public func pollerCheckpoint(tenant: String, channel: String) throws(StoreError) -> PollerCheckpoint {
        try readers.with { session throws(StoreError) -> PollerCheckpoint in
            let rows = try session.run(
                "SELECT high_water, round_since, page_token, rounds FROM poller_checkpoints WHERE tenant = \(tenant) AND channel = \(channel)"
            )
            guard let row = rows.first else { return PollerCheckpoint() }
            let (highWater, roundSince, pageToken, rounds) = try Self.decoding { try row.decode((Int64?, Int64?, String?, Int64).self) }
            return PollerCheckpoint(highWater: highWater, roundSince: roundSince, pageToken: pageToken, rounds: rounds)
        }
    }

    /// Stores `checkpoint` while `lease` is still held; throws ``StoreError/Kind/leaseLost`` once another process took it.
    public func savePollerCheckpoint(tenant: String, channel: String, _ checkpoint: PollerCheckpoint, under lease: Lease) async throws {
        try await write { transaction in
            try transaction.checkFence(lease)
            _ = try transaction.session.run(
                """
                INSERT INTO poller_checkpoints (tenant, channel, high_water, round_since, page_token, rounds, updated_at)
                VALUES (\(tenant), \(channel), \(checkpoint.highWater), \(checkpoint.roundSince), \(checkpoint.pageToken),
                    \(checkpoint.rounds), \(Timestamp.format(Date())))
                ON CONFLICT (tenant, channel) DO UPDATE SET high_water = excluded.high_water, round_since = excluded.round_since,
                    page_token = excluded.page_token, rounds = excluded.rounds, updated_at = excluded.updated_at
                """
            )
        }
    }
}
