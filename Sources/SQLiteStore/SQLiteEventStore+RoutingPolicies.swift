import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Stores `source` as the next policy version and makes it active, recording `audit`, in one transaction.
    public func publishRoutingPolicy(source: String, author: String, diff: String, audit: AuditEntry) async throws -> RoutingPolicyVersion {
        try await writer.write { connection in
            let latest = try connection.query("SELECT COALESCE(MAX(version), 0) FROM routing_policies", []) { $0.int64(0) }.first ?? 0
            let time = Timestamp.format(Date())
            try connection.run(
                "INSERT INTO routing_policies (version, source, author, published_at, diff) VALUES (?, ?, ?, ?, ?)",
                [.integer(latest + 1), .text(source), .text(author), .text(time), .text(diff)]
            )
            try Self.activatePolicy(latest + 1, by: author, at: time, in: connection)
            var entry = audit
            entry.target = "v\(latest + 1)"
            try Self.insert(entry, in: connection)
            return RoutingPolicyVersion(version: latest + 1, source: source, author: author, publishedAt: time, diff: diff, active: true)
        }
    }

    /// Makes a stored version active again, recording `audit`.
    public func activateRoutingPolicy(version: Int64, by author: String, audit: AuditEntry) async throws -> RoutingPolicyVersion {
        try await writer.write { connection in
            guard var found = try Self.policyVersions(in: connection).first(where: { $0.version == version }) else {
                throw StoreError(.notFound, "no routing policy version \(version)")
            }
            try Self.activatePolicy(version, by: author, at: Timestamp.format(Date()), in: connection)
            try Self.insert(audit, in: connection)
            found.active = true
            return found
        }
    }

    /// Every stored policy version, newest first.
    public func routingPolicyVersions() throws(StoreError) -> [RoutingPolicyVersion] {
        try readers.read { connection throws(SQLiteError) in try Self.policyVersions(in: connection) }
    }

    static func policyVersions(in connection: SQLiteConnection) throws(SQLiteError) -> [RoutingPolicyVersion] {
        let active = try connection.query("SELECT version FROM routing_policy_active WHERE id = 1", []) { $0.int64(0) }.first
        return try connection.query("SELECT version, source, author, published_at, diff FROM routing_policies ORDER BY version DESC", []) { row in
            RoutingPolicyVersion(
                version: row.int64(0), source: row.text(1), author: row.text(2), publishedAt: row.text(3), diff: row.text(4),
                active: row.int64(0) == active
            )
        }
    }

    static func activatePolicy(_ version: Int64, by author: String, at time: String, in connection: SQLiteConnection) throws(SQLiteError) {
        try connection.run(
            """
            INSERT INTO routing_policy_active (id, version, activated_at, activated_by) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by
            """,
            [.integer(version), .text(time), .text(author)]
        )
    }
}
