import Foundation
import Logging
import Storage
import Synchronization

/// A fixed number of sessions handed out one caller at a time; a caller waits while all are in use.
final class PostgresSessionPool: Sendable {
    private let idle: Mutex<[PostgresSession]>
    private let available: DispatchSemaphore
    private let closed = Atomic<Bool>(false)

    init(location: PostgresLocation, size: Int, logger: Logger) {
        idle = Mutex((0..<size).map { _ in PostgresSession(location: location, logger: logger) })
        available = DispatchSemaphore(value: size)
    }

    /// Runs `body` with a session of its own.
    func with<Result>(_ body: (PostgresSession) throws(StoreError) -> Result) throws(StoreError) -> Result {
        guard !closed.load(ordering: .relaxed) else { throw StoreError(.closed, "the store is closed") }
        available.wait()
        let session = idle.withLock { $0.removeLast() }
        defer {
            idle.withLock { $0.append(session) }
            available.signal()
        }
        return try body(session)
    }

    /// Closes every idle session; later calls fail with ``StoreError/Kind/closed``.
    func close() {
        closed.store(true, ordering: .relaxed)
        idle.withLock { sessions in sessions.forEach { $0.close() } }
    }
}
