import Foundation
import Synchronization

/// Read-only connections shared by request handlers; WAL lets them read while the writer commits.
final class ReaderPool: Sendable {
    private let available: Mutex<[SQLiteConnectionBox]>
    private let slots: DispatchSemaphore

    init(path: String, count: Int, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        var connections: [SQLiteConnectionBox] = []
        for _ in 0..<count {
            let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            try connection.execute("PRAGMA query_only = ON")
            connections.append(SQLiteConnectionBox(connection))
        }
        available = Mutex(connections)
        slots = DispatchSemaphore(value: count)
    }

    /// Runs `body` with a reader connection checked out for its duration.
    func read<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        slots.wait()
        let box = available.withLock { $0.removeLast() }
        defer {
            available.withLock { $0.append(box) }
            slots.signal()
        }
        do {
            return try body(box.connection)
        } catch {
            throw StoreError(error.meansUnavailable ? .unavailable : .internal, "\(error)")
        }
    }
}

/// Moves a connection between threads; only one holder uses it at a time (the pool's invariant).
final class SQLiteConnectionBox: @unchecked Sendable {
    let connection: SQLiteConnection
    init(_ connection: SQLiteConnection) { self.connection = connection }
}
