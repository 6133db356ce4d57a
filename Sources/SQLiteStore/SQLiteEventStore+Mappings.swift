import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Stores `source` as version `previousVersion + 1` of `channel`'s mapping for `tenant` and makes it active.
    ///
    /// - Throws: ``StoreError`` `conflict` when another version was published since `previousVersion` was read.
    public func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64, at time: Date
    ) async throws -> MappingVersionRecord {
        try await writer.write { connection in
            let latest = try connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM mapping_versions WHERE tenant = ? AND channel = ?", [.text(tenant), .text(channel)]
            ) { $0.int64(0) }.first ?? 0
            guard latest == previousVersion else {
                throw StoreError(.conflict, "version \(latest) of \(channel) was published meanwhile; publish again")
            }
            let record = MappingVersionRecord(
                channel: channel, version: latest + 1, source: source, author: author, publishedAt: Timestamp.format(time), diff: diff, active: true
            )
            try connection.run(
                "INSERT INTO mapping_versions (tenant, channel, version, source, author, published_at, diff) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.text(tenant), .text(channel), .integer(record.version), .text(source), .text(author), .text(record.publishedAt), .text(diff)]
            )
            try Self.activate(tenant: tenant, channel: channel, version: record.version, by: author, at: record.publishedAt, in: connection)
            return record
        }
    }

    /// Makes an earlier (or any stored) version active again.
    public func activateMapping(tenant: String, channel: String, version: Int64, by author: String, at time: Date) async throws -> MappingVersionRecord {
        try await writer.write { connection in
            guard var record = try Self.mappingVersions(tenant: tenant, channel: channel, in: connection).first(where: { $0.version == version }) else {
                throw StoreError(.notFound, "\(channel) has no mapping version \(version)")
            }
            try Self.activate(tenant: tenant, channel: channel, version: version, by: author, at: Timestamp.format(time), in: connection)
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
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                WHERE a.tenant = ? ORDER BY v.channel
                """,
                [.text(tenant)]
            ) { Self.versionRow($0, active: true) }
        }
    }

    /// The active published versions of every tenant, for loading at start.
    public func allActiveMappings() throws(StoreError) -> [(tenant: String, record: MappingVersionRecord)] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query(
                """
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff, a.tenant FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                """,
                []
            ) { (tenant: $0.text(6), record: Self.versionRow($0, active: true)) }
        }
    }

    static func mappingVersions(tenant: String, channel: String, in connection: SQLiteConnection) throws(SQLiteError) -> [MappingVersionRecord] {
        let active = try connection.query(
            "SELECT version FROM mapping_active WHERE tenant = ? AND channel = ?", [.text(tenant), .text(channel)]
        ) { $0.int64(0) }.first
        return try connection.query(
            "SELECT channel, version, source, author, published_at, diff FROM mapping_versions WHERE tenant = ? AND channel = ? ORDER BY version DESC",
            [.text(tenant), .text(channel)]
        ) { Self.versionRow($0, active: false) }.map { record in
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

    static func versionRow(_ statement: SQLiteStatement, active: Bool) -> MappingVersionRecord {
        MappingVersionRecord(
            channel: statement.text(0), version: statement.int64(1), source: statement.text(2), author: statement.text(3),
            publishedAt: statement.text(4), diff: statement.text(5), active: active
        )
    }
}
