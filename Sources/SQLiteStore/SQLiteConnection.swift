import Storage
import CSQLite
import Foundation

/// One SQLite connection with a statement cache; used from one thread at a time.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Keeps the WAL commit observer alive while SQLite holds a pointer to it.
    private var walObserver: WALObserver?

    /// Opens (creating if needed) the database at `path` and applies the connection pragmas.
    init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &pointer, flags, nil)
        guard result == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: result, message: message)
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(message)
            throw SQLiteError(code: result, message: text, sql: sql)
        }
    }

    /// A cached prepared statement for `sql`, reset and with bindings cleared.
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard result == SQLITE_OK, let pointer else { throw SQLiteError(code: result, message: lastErrorMessage, sql: sql) }
        let statement = SQLiteStatement(handle: pointer, connection: handle, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `bindings` and returns nothing.
    func run(_ sql: String, _ bindings: [SQLiteValue]) throws(SQLiteError) {
        let statement = try statement(sql)
        try statement.bind(bindings)
        while try statement.step() {}
    }

    /// Runs `sql` with `bindings` and maps each row.
    func query<Row>(_ sql: String, _ bindings: [SQLiteValue], row: (SQLiteStatement) throws(SQLiteError) -> Row) throws(SQLiteError) -> [Row] {
        let statement = try statement(sql)
        try statement.bind(bindings)
        var rows: [Row] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// Calls `observe` with the WAL's page count after every commit on this connection, instead of checkpointing here.
    func onWALCommit(_ observe: @escaping (_ walPages: Int) -> Void) {
        let observer = WALObserver(observe)
        walObserver = observer
        sqlite3_wal_hook(handle, { context, _, _, pages in
            if let context { Unmanaged<WALObserver>.fromOpaque(context).takeUnretainedValue().observe(Int(pages)) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(observer).toOpaque())
    }

    /// Copies what it can of the WAL into the database file without waiting for readers or the writer.
    ///
    /// Returns the WAL's frame count and how many of them are now in the database file.
    func checkpointPassively() throws(SQLiteError) -> (walFrames: Int, copied: Int) {
        var frames: Int32 = 0
        var copied: Int32 = 0
        let result = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied)
        guard result == SQLITE_OK || result == SQLITE_BUSY else { throw SQLiteError(code: result, message: lastErrorMessage) }
        return (Int(frames), Int(copied))
    }

    /// The rowid of the last inserted row.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// True while a transaction is open.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Copies every page of `source`'s main database into this connection's with SQLite's backup API; returns the
    /// page count. When `source` holds a read transaction, the copy is of that snapshot.
    func copy(from source: SQLiteConnection, pagesPerStep: Int32, progress: (Int, Int) -> Void) throws(SQLiteError) -> Int {
        guard let backup = sqlite3_backup_init(handle, "main", source.handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(handle), message: lastErrorMessage)
        }
        var result = SQLITE_OK
        repeat {
            result = sqlite3_backup_step(backup, pagesPerStep)
            let total = Int(sqlite3_backup_pagecount(backup))
            progress(total - Int(sqlite3_backup_remaining(backup)), total)
            if result == SQLITE_BUSY || result == SQLITE_LOCKED { sqlite3_sleep(50) }
        } while result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finished = sqlite3_backup_finish(backup)
        guard result == SQLITE_DONE, finished == SQLITE_OK else {
            throw SQLiteError(code: result == SQLITE_DONE ? finished : result, message: lastErrorMessage)
        }
        return pages
    }

    /// True when SQLite opened the file read-only (it does so silently when the file cannot be opened for writing).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }
}

/// The closure a connection's WAL hook calls, boxed so SQLite can hold a pointer to it.
private final class WALObserver {
    let observe: (Int) -> Void
    init(_ observe: @escaping (Int) -> Void) { self.observe = observe }
}

/// A value bound to or read from SQLite.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue {
    static func optionalText(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
    static func optionalInteger(_ integer: Int64?) -> SQLiteValue { integer.map(SQLiteValue.integer) ?? .null }
}
