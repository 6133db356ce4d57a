import Storage
import CSQLite
import Foundation
import Synchronization

/// Read-only connections shared by request handlers; WAL lets them read while the writer commits.
final class ReaderPool: Sendable {
    private let available: Mutex<[SQLiteConnectionBox]>
    private let slots: DispatchSemaphore
    private let count: Int
    private let path: String
    private let busyTimeoutMilliseconds: Int32

    init(path: String, count: Int, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        self.path = path
        self.count = count
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        var connections: [SQLiteConnectionBox] = []
        for _ in 0..<count {
            connections.append(SQLiteConnectionBox(try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)))
        }
        available = Mutex(connections)
        slots = DispatchSemaphore(value: count)
    }

    private static func open(path: String, busyTimeoutMilliseconds: Int32) throws(SQLiteError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try connection.execute("PRAGMA query_only = ON")
        return connection
    }

    /// Runs `body` with a reader connection checked out for its duration (opening it if a reopen left it closed).
    func read<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        slots.wait()
        let box = available.withLock { $0.removeLast() }
        defer {
            available.withLock { $0.append(box) }
            slots.signal()
        }
        do throws(SQLiteError) {
            if box.connection == nil { box.connection = try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds) }
            guard let connection = box.connection else { throw SQLiteError(code: SQLITE_CANTOPEN, message: "no reader connection") }
            return try body(connection)
        } catch {
            throw StoreError(error.meansUnavailable ? .unavailable : .internal, "\(error)")
        }
    }

    /// Closes every reader (waiting for those in use), runs `body` while none is open, then opens them again.
    func reopenAll<T>(around body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        for _ in 0..<count { slots.wait() }
        defer { for _ in 0..<count { slots.signal() } }
        available.withLock { boxes in boxes.forEach { $0.connection = nil } }
        let result: Result<T, SQLiteError>
        do throws(SQLiteError) {
            result = .success(try body())
        } catch {
            result = .failure(error)
        }
        // A reader that cannot open now opens when it is next used.
        available.withLock { boxes in
            for box in boxes { box.connection = try? Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds) }
        }
        return try result.get()
    }
}

/// Moves a connection between threads; only one holder uses it at a time (the pool's invariant).
final class SQLiteConnectionBox: @unchecked Sendable {
    var connection: SQLiteConnection?
    init(_ connection: SQLiteConnection) { self.connection = connection }
}
