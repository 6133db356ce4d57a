import Foundation
import Logging
import PostgresStore
import SQLiteStore
import Storage

/// Copies a SQLite installation into a PostgreSQL database (`channelgate store copy`): every table as stored (sealed
/// personal data and keys stay sealed; the same key files open them), parents before children, in pages. Rows already
/// in the database are kept, so an interrupted copy is finished by running it again.
public enum StoreCopy {
    /// What one table's copy did.
    public struct TableResult: Sendable {
        public let table: String
        /// Rows in the SQLite table.
        public let source: Int64
        /// Rows this run added to PostgreSQL (0 for rows copied by an earlier run).
        public let added: Int
        /// Rows in the PostgreSQL table afterwards.
        public let target: Int64
    }

    /// Copies `sqlitePath` into `postgresURL`; `progress` hears each table's rows copied so far and its total.
    public static func run(
        from sqlitePath: String, to postgresURL: String, logger: Logger,
        progress: (_ table: String, _ copied: Int64, _ total: Int64) -> Void = { _, _, _ in }
    ) throws -> [TableResult] {
        guard FileManager.default.fileExists(atPath: sqlitePath) else { throw StoreError(.notFound, "no SQLite store at \(sqlitePath)") }
        let source = try StoreExport(path: sqlitePath)
        let target = try PostgresEventStore(url: postgresURL, logger: logger)
        defer { target.close() }
        var results: [TableResult] = []
        for table in TableRows.copiedTables {
            let total = try source.count(table)
            var after: Int64 = 0
            var copied: Int64 = 0
            var added = 0
            progress(table, 0, total)
            while true {
                let page = try source.rows(of: table, after: after, limit: 2000)
                if page.rows.isEmpty { break }
                added += try target.importRows(page)
                copied += Int64(page.rows.count)
                after = page.nextKey
                progress(table, copied, total)
            }
            results.append(TableResult(table: table, source: total, added: added, target: try target.rowCount(table)))
        }
        try target.finishImport()
        return results
    }
}
