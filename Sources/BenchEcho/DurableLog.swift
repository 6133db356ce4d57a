import CSQLite
import Foundation

/// Bench-only floor for durable ingest: appends each body to one SQLite table (WAL, synchronous=FULL) and
/// returns once the group commit holding it is on disk. No validation, no indexes beyond the rowid.
final class DurableLog: @unchecked Sendable {
    // Invariant: `pending` is guarded by `condition`; `handle` is used only on the writer thread.
    private let condition = NSCondition()
    private var pending: [(body: [UInt8], done: CheckedContinuation<Void, any Error>)] = []
    private let handle: OpaquePointer
    private let insert: OpaquePointer

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw Failure(description: "cannot open \(path)")
        }
        handle = db
        for sql in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"] {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw Failure(description: "\(sql) failed") }
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO messages (body) VALUES (?)", -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "cannot prepare the insert")
        }
        insert = statement
        let thread = Thread { [self] in loop() }
        thread.start()
    }

    /// Returns once `body` is committed to disk.
    func append(_ body: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            pending.append((body, continuation))
            condition.signal()
            condition.unlock()
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            condition.unlock()
            var ok = sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK
            for item in batch where ok {
                item.body.withUnsafeBytes { bytes in
                    _ = sqlite3_bind_blob(insert, 1, bytes.baseAddress, Int32(bytes.count), nil)
                }
                ok = sqlite3_step(insert) == SQLITE_DONE
                sqlite3_reset(insert)
            }
            ok = ok && sqlite3_exec(handle, "COMMIT", nil, nil, nil) == SQLITE_OK
            if !ok { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            for item in batch {
                if ok { item.done.resume() } else { item.done.resume(throwing: Failure(description: "commit failed")) }
            }
        }
    }
}
