import CanonicalModel
import Foundation
import Storage

extension SQLiteEventStore {
    /// Takes the lease when free, expired or already `owner`'s; nil while another holder's is live.
    public func acquireLease(_ name: String, owner: String, seconds: Double) async throws -> Lease? {
        try await writer.write { connection in
            let now = Date().timeIntervalSince1970
            let current = try Self.lease(name, in: connection)
            if let current, current.owner != owner, current.expiresAt.timeIntervalSince1970 >= now { return nil }
            // A new holder gets a larger epoch; the same holder renewing keeps its own.
            let epoch = current.map { $0.owner == owner && $0.expiresAt.timeIntervalSince1970 >= now ? $0.epoch : $0.epoch + 1 } ?? 1
            try connection.run(
                """
                INSERT INTO leases (name, owner, epoch, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at
                """,
                [.text(name), .text(owner), .integer(epoch), .real(now + seconds)]
            )
            return Lease(name: name, owner: owner, epoch: epoch, expiresAt: Date(timeIntervalSince1970: now + seconds))
        }
    }

    /// Extends `lease`; nil when it was lost.
    public func renewLease(_ lease: Lease, seconds: Double) async throws -> Lease? {
        try await writer.write { connection in
            let now = Date().timeIntervalSince1970
            try connection.run(
                "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND epoch = ?",
                [.real(now + seconds), .text(lease.name), .text(lease.owner), .integer(lease.epoch)]
            )
            guard connection.changes == 1 else { return nil }
            var renewed = lease
            renewed.expiresAt = Date(timeIntervalSince1970: now + seconds)
            return renewed
        }
    }

    /// Ends `lease` now, keeping its epoch for the next holder.
    public func releaseLease(_ lease: Lease) async throws {
        try await writer.write { connection in
            // Expired, not deleted: the epoch must keep growing for the next holder.
            try connection.run(
                "UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ? AND epoch = ?",
                [.text(lease.name), .text(lease.owner), .integer(lease.epoch)]
            )
        }
    }

    /// The current holding of `name`, or nil.
    public func currentLease(_ name: String) throws(StoreError) -> Lease? {
        try readers.read { connection throws(SQLiteError) in try Self.lease(name, in: connection) }
    }

    /// The leases whose name starts with `prefix` and that have not expired, by name.
    public func liveLeases(prefix: String) throws(StoreError) -> [Lease] {
        let now = Date().timeIntervalSince1970
        return try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT name, owner, epoch, expires_at FROM leases WHERE substr(name, 1, ?) = ? AND expires_at >= ? ORDER BY name",
                [.integer(Int64(prefix.utf8.count)), .text(prefix), .real(now)]
            ) { row in
                Lease(name: row.text(0), owner: row.text(1), epoch: row.int64(2), expiresAt: Date(timeIntervalSince1970: row.double(3)))
            }
        }
    }

    static func lease(_ name: String, in connection: SQLiteConnection) throws(SQLiteError) -> Lease? {
        try connection.query("SELECT owner, epoch, expires_at FROM leases WHERE name = ?", [.text(name)]) { row in
            Lease(name: name, owner: row.text(0), epoch: row.int64(1), expiresAt: Date(timeIntervalSince1970: row.double(2)))
        }.first
    }

    /// Throws ``StoreError/Kind/leaseLost`` unless `lease` is still the current holding (same owner and epoch, not expired).
    static func checkFence(_ lease: Lease, in connection: SQLiteConnection) throws {
        let current = try Self.lease(lease.name, in: connection)
        guard let current, current.owner == lease.owner, current.epoch == lease.epoch,
              current.expiresAt.timeIntervalSince1970 >= Date().timeIntervalSince1970
        else {
            throw StoreError(.leaseLost, "the \(lease.name) lease (epoch \(lease.epoch)) is no longer held by \(lease.owner)")
        }
    }
}
