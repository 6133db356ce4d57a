import PostgresNIO
import Storage

extension PostgresEventStore: AuditLog {
    /// Records one administrative action on its own.
    public func audit(_ entry: AuditEntry) async throws {
        try await write { transaction in try Self.insertAudit(entry, in: transaction.session) }
    }

    /// Entries of `tenant` after id `after`, oldest first.
    public func auditLog(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [AuditEntry] {
        try readers.with { session throws(StoreError) -> [AuditEntry] in
            var entries: [AuditEntry] = []
            for row in try session.run(
                """
                SELECT id, tenant, actor, action, target, before, after, at FROM audit_log
                WHERE tenant = \(tenant) AND id > \(after) ORDER BY id LIMIT \(Int64(limit))
                """
            ) {
                entries.append(try Self.auditEntry(row))
            }
            return entries
        }
    }

    /// `tenant`'s audit entries before id `before` (all when nil), newest first.
    public func recentAuditEntries(tenant: String, before: Int64?, limit: Int) throws(StoreError) -> [AuditEntry] {
        let bound = before ?? Int64.max
        return try readers.with { session throws(StoreError) -> [AuditEntry] in
            var entries: [AuditEntry] = []
            for row in try session.run(
                """
                SELECT id, tenant, actor, action, target, before, after, at FROM audit_log
                WHERE tenant = \(tenant) AND id < \(bound) ORDER BY id DESC LIMIT \(Int64(limit))
                """
            ) {
                entries.append(try Self.auditEntry(row))
            }
            return entries
        }
    }

    /// Entries of every tenant with one of `actions`, oldest first (for cores that replay operator changes).
    public func auditEntries(actions: [String]) throws(StoreError) -> [AuditEntry] {
        guard !actions.isEmpty else { return [] }
        return try readers.with { session throws(StoreError) -> [AuditEntry] in
            var entries: [AuditEntry] = []
            for row in try session.run(
                "SELECT id, tenant, actor, action, target, before, after, at FROM audit_log WHERE action = ANY(\(actions)) ORDER BY id"
            ) {
                entries.append(try Self.auditEntry(row))
            }
            return entries
        }
    }

    /// Inserts `entry` (its id is given by the table) on `session`, inside the caller's transaction.
    static func insertAudit(_ entry: AuditEntry, in session: PostgresSession) throws(StoreError) {
        try session.run(
            """
            INSERT INTO audit_log (tenant, actor, action, target, before, after, at)
            VALUES (\(entry.tenant), \(entry.actor), \(entry.action), \(entry.target), \(entry.before), \(entry.after), \(entry.at))
            """
        )
    }

    /// An audit row of id, tenant, actor, action, target, before, after, at.
    private static func auditEntry(_ row: PostgresRow) throws(StoreError) -> AuditEntry {
        let c = try decoding { try row.decode((Int64, String, String, String, String, String?, String?, String).self) }
        return AuditEntry(id: c.0, tenant: c.1, actor: c.2, action: c.3, target: c.4, before: c.5, after: c.6, at: c.7)
    }
}
