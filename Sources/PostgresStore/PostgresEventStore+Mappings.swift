import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: MappingVersionStore {
    /// Stores `source` as version `previousVersion + 1` of `channel`'s mapping for `tenant` and makes it active.
    ///
    /// - Throws: ``StoreError`` `conflict` when another version was published since `previousVersion` was read.
    public func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64,
        contractTests: [ContractTestCase], audit: AuditEntry?, at time: Date
    ) async throws -> MappingVersionRecord {
        let testsText = try Self.mappingContractTestsText(contractTests)
        return try await write { transaction in
            let session = transaction.session
            let latest = try Self.firstBigint(
                in: session.run("SELECT COALESCE(MAX(version), 0)::BIGINT FROM mapping_versions WHERE tenant = \(tenant) AND channel = \(channel)")
            )
            guard latest == previousVersion else {
                throw StoreError(.conflict, "version \(latest) of \(channel) was published meanwhile; publish again")
            }
            let record = MappingVersionRecord(
                channel: channel, version: latest + 1, source: source, author: author, publishedAt: Timestamp.format(time), diff: diff, active: true,
                contractTests: contractTests
            )
            try session.run(
                """
                INSERT INTO mapping_versions (tenant, channel, version, source, author, published_at, diff, contract_tests)
                VALUES (\(tenant), \(channel), \(record.version), \(source), \(author), \(record.publishedAt), \(diff), \(testsText))
                """
            )
            try Self.makeMappingActive(tenant: tenant, channel: channel, version: record.version, by: author, at: record.publishedAt, in: session)
            if var audit {
                audit.after = audit.after ?? "\"v\(record.version)\""
                try Self.insertAudit(audit, in: session)
            }
            try Self.bumpConfigurationVersion(in: session)
            return record
        }
    }

    /// Makes an earlier (or any stored) version active again, recording `audit` when given.
    public func activateMapping(
        tenant: String, channel: String, version: Int64, by author: String, audit: AuditEntry?, at time: Date
    ) async throws -> MappingVersionRecord {
        try await write { transaction in
            let session = transaction.session
            let versions = try Self.mappingVersions(tenant: tenant, channel: channel, in: session)
            guard var record = versions.first(where: { $0.version == version }) else {
                throw StoreError(.notFound, "\(channel) has no mapping version \(version)")
            }
            try Self.makeMappingActive(tenant: tenant, channel: channel, version: version, by: author, at: Timestamp.format(time), in: session)
            if var audit {
                audit.before = audit.before ?? versions.first(where: \.active).map { "\"v\($0.version)\"" }
                audit.after = audit.after ?? "\"v\(version)\""
                try Self.insertAudit(audit, in: session)
            }
            try Self.bumpConfigurationVersion(in: session)
            record.active = true
            return record
        }
    }

    /// Every stored version of `channel`'s mapping for `tenant`, newest first.
    public func mappingVersions(tenant: String, channel: String) throws(StoreError) -> [MappingVersionRecord] {
        try readers.with { session throws(StoreError) -> [MappingVersionRecord] in
            try Self.mappingVersions(tenant: tenant, channel: channel, in: session)
        }
    }

    /// The active published version of each channel for `tenant`, ordered by channel.
    public func activeMappings(tenant: String) throws(StoreError) -> [MappingVersionRecord] {
        try readers.with { session throws(StoreError) -> [MappingVersionRecord] in
            var records: [MappingVersionRecord] = []
            for row in try session.run(
                """
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff, v.contract_tests FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                WHERE a.tenant = \(tenant) ORDER BY v.channel COLLATE "C"
                """
            ) {
                let columns = try Self.decoding { try row.decode((String, Int64, String, String, String, String, String?).self) }
                records.append(try Self.mappingVersionRecord(columns, active: true))
            }
            return records
        }
    }

    /// The active published versions of every tenant, for loading at start (ordered by tenant and channel).
    public func allActiveMappings() throws(StoreError) -> [(tenant: String, record: MappingVersionRecord)] {
        try readers.with { session throws(StoreError) -> [(tenant: String, record: MappingVersionRecord)] in
            var found: [(tenant: String, record: MappingVersionRecord)] = []
            for row in try session.run(
                """
                SELECT v.channel, v.version, v.source, v.author, v.published_at, v.diff, v.contract_tests, a.tenant FROM mapping_active a
                JOIN mapping_versions v ON v.tenant = a.tenant AND v.channel = a.channel AND v.version = a.version
                ORDER BY a.tenant COLLATE "C", a.channel COLLATE "C"
                """
            ) {
                let c = try Self.decoding { try row.decode((String, Int64, String, String, String, String, String?, String).self) }
                found.append((tenant: c.7, record: try Self.mappingVersionRecord((c.0, c.1, c.2, c.3, c.4, c.5, c.6), active: true)))
            }
            return found
        }
    }

    /// Every version of `channel`'s mapping for `tenant` read in `session`, newest first, the active one marked.
    static func mappingVersions(tenant: String, channel: String, in session: PostgresSession) throws(StoreError) -> [MappingVersionRecord] {
        var active: Int64?
        if let row = try session.run("SELECT version FROM mapping_active WHERE tenant = \(tenant) AND channel = \(channel)").first {
            active = try Self.decoding { try row.decode(Int64.self) }
        }
        var records: [MappingVersionRecord] = []
        for row in try session.run(
            """
            SELECT channel, version, source, author, published_at, diff, contract_tests FROM mapping_versions
            WHERE tenant = \(tenant) AND channel = \(channel) ORDER BY version DESC
            """
        ) {
            let columns = try Self.decoding { try row.decode((String, Int64, String, String, String, String, String?).self) }
            var record = try mappingVersionRecord(columns, active: false)
            record.active = record.version == active
            records.append(record)
        }
        return records
    }

    /// The single BIGINT an aggregate query returns.
    static func firstBigint(in rows: PostgresQueryResult) throws(StoreError) -> Int64 {
        guard let row = rows.first else { throw StoreError(.internal, "an aggregate returned no row") }
        return try Self.decoding { try row.decode(Int64.self) }
    }

    /// Makes `version` the active mapping of `tenant`'s `channel`.
    private static func makeMappingActive(
        tenant: String, channel: String, version: Int64, by author: String, at time: String, in session: PostgresSession
    ) throws(StoreError) {
        try session.run(
            """
            INSERT INTO mapping_active (tenant, channel, version, activated_at, activated_by)
            VALUES (\(tenant), \(channel), \(version), \(time), \(author))
            ON CONFLICT (tenant, channel) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at,
                activated_by = excluded.activated_by
            """
        )
    }

    /// A version from its columns: channel, version, source, author, published_at, diff, contract_tests.
    private static func mappingVersionRecord(
        _ c: (String, Int64, String, String, String, String, String?), active: Bool
    ) throws(StoreError) -> MappingVersionRecord {
        MappingVersionRecord(
            channel: c.0, version: c.1, source: c.2, author: c.3, publishedAt: c.4, diff: c.5, active: active,
            contractTests: try mappingContractTests(c.6)
        )
    }

    /// The stored text of a version's contract tests (nil for none).
    private static func mappingContractTestsText(_ tests: [ContractTestCase]) throws -> String? {
        guard !tests.isEmpty else { return nil }
        return String(decoding: try JSONEncoder().encode(tests), as: UTF8.self)
    }

    /// A version's contract tests from their stored text; unreadable text is corruption.
    private static func mappingContractTests(_ text: String?) throws(StoreError) -> [ContractTestCase] {
        guard let text else { return [] }
        do {
            return try JSONDecoder().decode([ContractTestCase].self, from: Data(text.utf8))
        } catch {
            throw StoreError(.internal, "stored contract tests unreadable: \(error)")
        }
    }
}
