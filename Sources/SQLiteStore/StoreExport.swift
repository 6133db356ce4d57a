import CSQLite
import Storage

/// Reads a SQLite store's tables page by page, as stored, for a copy into another backend (`channelgate store copy`).
public final class StoreExport {
    private let connection: SQLiteConnection

    /// Opens the store at `path` read-only.
    public init(path: String) throws(StoreError) {
        do {
            connection = try SQLiteConnection(path: path, readOnly: true, busyTimeoutMilliseconds: 5000)
        } catch {
            throw StoreError(.unavailable, "cannot open \(path): \(error)")
        }
    }

    /// How many rows `table` holds.
    public func count(_ table: String) throws(StoreError) -> Int64 {
        do {
            return try connection.query("SELECT COUNT(*) FROM \(table)", []) { $0.int64(0) }.first ?? 0
        } catch {
            throw StoreError(.internal, "cannot count \(table): \(error)")
        }
    }

    /// Up to `limit` rows of `table` after row id `after`, in row-id order.
    public func rows(of table: String, after: Int64, limit: Int) throws(StoreError) -> TableRows {
        do {
            var columns: [String] = []
            var nextKey = after
            let rows = try connection.query("SELECT rowid, * FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?", [.integer(after), .integer(Int64(limit))]) { statement in
                let count = statement.columnCount
                if columns.isEmpty { columns = (1..<count).map { statement.columnName($0) } }
                nextKey = statement.int64(0)
                return (1..<count).map { statement.storedValue($0) }
            }
            return TableRows(table: table, columns: columns, rows: rows, nextKey: nextKey)
        } catch {
            throw StoreError(.internal, "cannot read \(table): \(error)")
        }
    }
}

extension SQLiteStatement {
    /// The number of columns of the current row.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of column `column`.
    func columnName(_ column: Int32) -> String { sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "" }

    /// Column `column` as stored, whatever its type.
    func storedValue(_ column: Int32) -> StoredValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_FLOAT: .real(double(column))
        case SQLITE_BLOB: .blob(blob(column))
        case SQLITE_NULL: .null
        default: .text(text(column))
        }
    }
}
