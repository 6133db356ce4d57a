import Storage

extension SQLiteEventStore {
    /// Records an administrative action on its own.
    public func audit(_ entry: AuditEntry) async throws {
        try await writer.write { connection in try Self.insert(entry, in: connection) }
    }

    /// `tenant`'s audit entries after `after`, oldest first.
    public func auditLog(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [AuditEntry] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT id, tenant, actor, action, target, before, after, at FROM audit_log WHERE tenant = ? AND id > ? ORDER BY id LIMIT ?",
                [.text(tenant), .integer(after), .integer(Int64(limit))]
            ) { row in
                AuditEntry(
                    id: row.int64(0), tenant: row.text(1), actor: row.text(2), action: row.text(3), target: row.text(4),
                    before: row.optionalText(5), after: row.optionalText(6), at: row.text(7)
                )
            }
        }
    }

    /// `tenant`'s audit entries before id `before` (all when nil), newest first.
    public func recentAuditEntries(tenant: String, before: Int64?, limit: Int) throws(StoreError) -> [AuditEntry] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                "SELECT id, tenant, actor, action, target, before, after, at FROM audit_log WHERE tenant = ? AND id < ? ORDER BY id DESC LIMIT ?",
                [.text(tenant), .integer(before ?? Int64.max), .integer(Int64(limit))]
            ) { row in
                AuditEntry(
                    id: row.int64(0), tenant: row.text(1), actor: row.text(2), action: row.text(3), target: row.text(4),
                    before: row.optionalText(5), after: row.optionalText(6), at: row.text(7)
                )
            }
        }
    }

    /// Every tenant's audit entries with one of `actions`, oldest first (for cores that replay operator changes).
    public func auditEntries(actions: [String]) throws(StoreError) -> [AuditEntry] {
        try readers.read { connection throws(SQLiteError) in
            let marks = Array(repeating: "?", count: actions.count).joined(separator: ",")
            return try connection.query(
                "SELECT id, tenant, actor, action, target, before, after, at FROM audit_log WHERE action IN (\(marks)) ORDER BY id",
                actions.map { .text($0) }
            ) { row in
                AuditEntry(
                    id: row.int64(0), tenant: row.text(1), actor: row.text(2), action: row.text(3), target: row.text(4),
                    before: row.optionalText(5), after: row.optionalText(6), at: row.text(7)
                )
            }
        }
    }

    static func insert(_ entry: AuditEntry, in connection: SQLiteConnection) throws(SQLiteError) {
        try connection.run(
            "INSERT INTO audit_log (tenant, actor, action, target, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(entry.tenant), .text(entry.actor), .text(entry.action), .text(entry.target),
                entry.before.map(SQLiteValue.text) ?? .null, entry.after.map(SQLiteValue.text) ?? .null, .text(entry.at),
            ]
        )
    }
}
