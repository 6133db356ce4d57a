import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: RoutingPolicyStore {
    /// Stores `source` as the next policy version and makes it active, recording `audit` (targeted at the new version),
    /// in one transaction.
    public func publishRoutingPolicy(source: String, author: String, diff: String, audit: AuditEntry) async throws -> RoutingPolicyVersion {
        try await write { transaction in
            let session = transaction.session
            let version = try Self.firstBigint(in: session.run("SELECT COALESCE(MAX(version), 0)::BIGINT FROM routing_policies")) + 1
            let time = Timestamp.format(Date())
            try session.run(
                """
                INSERT INTO routing_policies (version, source, author, published_at, diff)
                VALUES (\(version), \(source), \(author), \(time), \(diff))
                """
            )
            try Self.makeRoutingPolicyActive(version, by: author, at: time, in: session)
            var entry = audit
            entry.target = "v\(version)"
            try Self.insertAudit(entry, in: session)
            try Self.bumpConfigurationVersion(in: session)
            return RoutingPolicyVersion(version: version, source: source, author: author, publishedAt: time, diff: diff, active: true)
        }
    }

    /// Makes a stored version active again, recording `audit`.
    public func activateRoutingPolicy(version: Int64, by author: String, audit: AuditEntry) async throws -> RoutingPolicyVersion {
        try await write { transaction in
            let session = transaction.session
            guard var found = try Self.routingPolicyVersions(in: session).first(where: { $0.version == version }) else {
                throw StoreError(.notFound, "no routing policy version \(version)")
            }
            try Self.makeRoutingPolicyActive(version, by: author, at: Timestamp.format(Date()), in: session)
            try Self.insertAudit(audit, in: session)
            try Self.bumpConfigurationVersion(in: session)
            found.active = true
            return found
        }
    }

    /// Every stored policy version, newest first.
    public func routingPolicyVersions() throws(StoreError) -> [RoutingPolicyVersion] {
        try readers.with { session throws(StoreError) -> [RoutingPolicyVersion] in try Self.routingPolicyVersions(in: session) }
    }

    /// Every stored policy version read in `session`, newest first, the active one marked.
    static func routingPolicyVersions(in session: PostgresSession) throws(StoreError) -> [RoutingPolicyVersion] {
        var active: Int64?
        if let row = try session.run("SELECT version FROM routing_policy_active WHERE id = 1").first {
            active = try Self.decoding { try row.decode(Int64.self) }
        }
        var versions: [RoutingPolicyVersion] = []
        for row in try session.run("SELECT version, source, author, published_at, diff FROM routing_policies ORDER BY version DESC") {
            let (version, source, author, publishedAt, diff) = try Self.decoding {
                try row.decode((Int64, String, String, String, String).self)
            }
            versions.append(
                RoutingPolicyVersion(
                    version: version, source: source, author: author, publishedAt: publishedAt, diff: diff, active: version == active
                )
            )
        }
        return versions
    }

    /// Makes `version` the active policy (the single row of `routing_policy_active`, made by the first publish).
    private static func makeRoutingPolicyActive(
        _ version: Int64, by author: String, at time: String, in session: PostgresSession
    ) throws(StoreError) {
        try session.run(
            """
            INSERT INTO routing_policy_active (id, version, activated_at, activated_by) VALUES (1, \(version), \(time), \(author))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by
            """
        )
    }
}
