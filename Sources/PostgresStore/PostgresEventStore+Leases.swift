import Foundation
import PostgresNIO
import Storage

/// Leases on the database's clock (`clock_timestamp()`), so replicas whose clocks differ agree on who holds what.
extension PostgresEventStore: LeaseStore {
    /// Takes `name` for `owner` for `seconds` when it is free, expired or already `owner`'s; nil while another holder's lease is live.
    public func acquireLease(_ name: String, owner: String, seconds: Double) async throws -> Lease? {
        try await write { transaction -> Lease? in
            // One statement, atomic across replicas; the clock is read once. A new holder gets a larger epoch, the same
            // holder re-acquiring a live lease keeps its own (an expired one of its own gets a larger epoch too).
            let rows = try transaction.session.run(
                """
                WITH clock AS (SELECT EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION AS seconds)
                INSERT INTO leases AS l (name, owner, epoch, expires_at)
                SELECT \(name), \(owner), 1, clock.seconds + \(seconds) FROM clock
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,
                    epoch = CASE WHEN l.owner = excluded.owner AND l.expires_at >= (SELECT seconds FROM clock) THEN l.epoch
                        ELSE l.epoch + 1 END,
                    expires_at = excluded.expires_at
                WHERE l.owner = excluded.owner OR l.expires_at < (SELECT seconds FROM clock)
                RETURNING l.epoch, l.expires_at
                """
            )
            guard let row = rows.first else { return nil }
            let (epoch, expiresAt) = try Self.decoding { try row.decode((Int64, Double).self) }
            return Lease(name: name, owner: owner, epoch: epoch, expiresAt: Date(timeIntervalSince1970: expiresAt))
        }
    }

    /// Extends `lease` by `seconds` from now (the database's now); nil when it was lost (taken, or released and retaken).
    public func renewLease(_ lease: Lease, seconds: Double) async throws -> Lease? {
        try await write { transaction -> Lease? in
            let rows = try transaction.session.run(
                """
                UPDATE leases SET expires_at = EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION + \(seconds)
                WHERE name = \(lease.name) AND owner = \(lease.owner) AND epoch = \(lease.epoch)
                RETURNING expires_at
                """
            )
            guard let row = rows.first else { return nil }
            let expiresAt = try Self.decoding { try row.decode(Double.self) }
            var renewed = lease
            renewed.expiresAt = Date(timeIntervalSince1970: expiresAt)
            return renewed
        }
    }

    /// Gives `lease` up so another process may take it at once, keeping its epoch for the next holder.
    public func releaseLease(_ lease: Lease) async throws {
        try await write { transaction in
            // Expired, not deleted: the epoch must keep growing for the next holder.
            _ = try transaction.session.run(
                "UPDATE leases SET expires_at = 0 WHERE name = \(lease.name) AND owner = \(lease.owner) AND epoch = \(lease.epoch)"
            )
        }
    }

    /// The current holder of `name` (possibly expired), or nil when nobody ever took it.
    public func currentLease(_ name: String) throws(StoreError) -> Lease? {
        try readers.with { session throws(StoreError) -> Lease? in
            let rows = try session.run("SELECT owner, epoch, expires_at FROM leases WHERE name = \(name)")
            guard let row = rows.first else { return nil }
            let (owner, epoch, expiresAt) = try Self.decoding { try row.decode((String, Int64, Double).self) }
            return Lease(name: name, owner: owner, epoch: epoch, expiresAt: Date(timeIntervalSince1970: expiresAt))
        }
    }

    /// The leases whose name starts with `prefix` and that have not expired by the database clock, by name.
    public func liveLeases(prefix: String) throws(StoreError) -> [Lease] {
        try readers.with { session throws(StoreError) in
            var leases: [Lease] = []
            for row in try session.run(
                """
                SELECT name, owner, epoch, expires_at FROM leases
                WHERE starts_with(name, \(prefix)) AND expires_at >= EXTRACT(EPOCH FROM clock_timestamp())
                ORDER BY name COLLATE "C"
                """
            ) {
                let (name, owner, epoch, expires) = try Self.decoding { try row.decode((String, String, Int64, Double).self) }
                leases.append(Lease(name: name, owner: owner, epoch: epoch, expiresAt: Date(timeIntervalSince1970: expires)))
            }
            return leases
        }
    }
}
