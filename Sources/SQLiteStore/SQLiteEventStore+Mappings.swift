import CSQLite
import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Stores `source` as version `previousVersion + 1` of `channel`'s mapping for `tenant` and makes it active.
    ///
    /// - Throws: ``StoreError`` `conflict` when another version was published since `previousVersion` was read.
    public func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64,
        contractTests: [ContractTestCase], audit: AuditEntry?, at time: Date
    ) async throws -> MappingVersionRecord {
        let testsText = try Self.contractTestsText(contractTests)
        return try await writer.write { connection in
            let latest = try connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM mapping_versions WHERE tenant = ? AND channel = ?", [.text(tenant), .text(channel)]
            ) { $0.int64(0) }.first ?? 0
            guard latest == previousVersion else {
                throw StoreError(.conflict, "version \(latest) of \(channel) was published meanwhile; publish again")
            }
            let record = MappingVersionRecord(
                channel: channel, version: latest + 1, source: source, author: author, publishedAt: Timestamp.format(time), diff: diff, active: true,
                contractTests: contractTests
            )
            try connection.run(
                """
                INSERT INTO mapping_versions (tenant, channel, version, source, author, published_at, diff, contract_tests)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(tenant), .text(channel), .integer(record.version), .text(source), .text(author), .text(record.publishedAt), .text(diff),
                    .optionalText(testsText),
                ]
            )
            try Self.activate(tenant: tenant, channel: channel, version: record.version, by: author, at: record.publishedAt, in: connection)
            if var audit {
                audit.after = audit.after ?? "\"v\(record.version)\""
                try Self.insert(audit, in: connection)
            }
            return record
        }
    }

    /// Makes an earlier (or any stored) version active again.
    public func activateMapping(
        tenant: String, channel: String, version: Int64, by author: String, audit: AuditEntry?, at time: Date
    ) async throws -> MappingVersionRecord {
        try await writer.write { connection in
            let versions = try Self.mappingVersions(tenant: tenant, channel: channel, in: connection)
            guard var record = versions.first(where: { $0.version == version }) else {
                throw StoreError(.notFound, "\(channel) has no mapping version \(version)")
            }
            try Self.activate(tenant: tenant, channel: channel, version: version, by: author, at: Timestamp.format(time), in: connection)
            if var audit {
                audit.before = audit.before ?? versions.first(where: \.active).map { "\"v\($0.version)\"" }
                audit.after = audit.after ?? "\"v\(version)\""
                try Self.insert(audit, in: connection)
            }
            record.active = true
            return record
        }
    }

    /// Every stored version of `channel`'s mapping for `tenant`, newest first.
    public func mappingVersions(tenant: String, channel: String) throws(StoreError) -> [MappingVersionRecord] {
        try readers.read { connection throws(SQLiteError) in try Self.mappingVersions(tenant: tenant, channel: channel, in: connection) }
    }

    /// The active published version of each channel for `tenant`.
    public func activeMappings(tenant: String) throws(StoreError) -> [MappingVersionRecord] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff, v.contract_tests FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                WHERE a.tenant = ? ORDER BY v.channel
                """,
                [.text(tenant)]
            ) { statement throws(SQLiteError) in try Self.versionRow(statement, active: true) }
        }
    }

    /// The active published versions of every tenant, for loading at start.
    public func allActiveMappings() throws(StoreError) -> [(tenant: String, record: MappingVersionRecord)] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff, v.contract_tests, a.tenant FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                """,
                []
            ) { statement throws(SQLiteError) in (tenant: statement.text(7), record: try Self.versionRow(statement, active: true)) }
        }
    }

    static func mappingVersions(tenant: String, channel: String, in connection: SQLiteConnection) throws(SQLiteError) -> [MappingVersionRecord] {
        let active = try connection.query(
            "SELECT version FROM mapping_active WHERE tenant = ? AND channel = ?", [.text(tenant), .text(channel)]
        ) { $0.int64(0) }.first
        return try connection.query(
            "SELECT channel, version, source, author, published_at, diff, contract_tests FROM mapping_versions WHERE tenant = ? AND channel = ? ORDER BY version DESC",
            [.text(tenant), .text(channel)]
        ) { statement throws(SQLiteError) in try Self.versionRow(statement, active: false) }.map { record in
            var marked = record
            marked.active = record.version == active
            return marked
        }
    }

    static func activate(tenant: String, channel: String, version: Int64, by author: String, at time: String, in connection: SQLiteConnection) throws {
        try connection.run(
            """
            INSERT INTO mapping_active (tenant, channel, version, activated_at, activated_by) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant, channel) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at,
                activated_by = excluded.activated_by
            """,
            [.text(tenant), .text(channel), .integer(version), .text(time), .text(author)]
        )
    }

    static func versionRow(_ statement: SQLiteStatement, active: Bool) throws(SQLiteError) -> MappingVersionRecord {
        MappingVersionRecord(
            channel: statement.text(0), version: statement.int64(1), source: statement.text(2), author: statement.text(3),
            publishedAt: statement.text(4), diff: statement.text(5), active: active, contractTests: try contractTests(statement.optionalText(6))
        )
    }

    /// The stored text of a version's contract tests (nil for none).
    static func contractTestsText(_ tests: [ContractTestCase]) throws -> String? {
        guard !tests.isEmpty else { return nil }
        return String(decoding: try JSONEncoder().encode(tests), as: UTF8.self)
    }

    /// A version's contract tests from their stored text; unreadable text is corruption.
    static func contractTests(_ text: String?) throws(SQLiteError) -> [ContractTestCase] {
        guard let text else { return [] }
        do {
            return try JSONDecoder().decode([ContractTestCase].self, from: Data(text.utf8))
        } catch {
            throw SQLiteError(code: SQLITE_CORRUPT, message: "stored contract tests unreadable: \(error)")
        }
    }
}
