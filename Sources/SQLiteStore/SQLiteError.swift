import Storage
import CSQLite

/// An SQLite failure with its result code and message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The primary SQLite result code (`SQLITE_BUSY`, `SQLITE_FULL`, …).
    public let code: Int32
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    init(code: Int32, message: String, sql: String? = nil) {
        self.code = code & 0xFF
        self.message = message
        self.sql = sql
    }

    /// True when the database cannot take writes right now (full, locked, read-only, I/O error): retry later.
    public var meansUnavailable: Bool {
        switch code {
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_PROTOCOL:
            true
        default:
            false
        }
    }

    /// True when the failure belongs to how the connection was opened (read-only, file unreachable), so only a new
    /// connection can see the file writable again.
    public var needsNewConnection: Bool {
        code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM
    }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0.prefix(120))" } ?? "")
    }
}
