import Storage
import Foundation
import Logging
import Synchronization

/// Copies the WAL back into the database file on its own thread and connection, so no commit waits for it.
///
/// The writer's connection reports the WAL's size after each commit; past `thresholdPages` this wakes the
/// checkpointer, which runs a passive checkpoint (it never blocks the writer or readers, and copies what no
/// reader still needs). SQLite starts the WAL over once it has all been copied. When the store reopens its
/// connections, the checkpointer lets go of its own (``dropConnection()``) and opens a new one at its next checkpoint.
final class BackgroundCheckpointer: @unchecked Sendable {
    // Invariant: `requested`, `stopping` and `dropRequested` are guarded by `condition`; `connection` is used only on
    // the thread.
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var dropRequested = false
    private var connection: SQLiteConnection?
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    private let thresholdPages: Int
    private let logger: Logger
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private let completedCount = Atomic<Int>(0)

    init(path: String, thresholdPages: Int, busyTimeoutMilliseconds: Int32, logger: Logger) throws(SQLiteError) {
        connection = try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.thresholdPages = max(1, thresholdPages)
        self.logger = logger
    }

    private static func open(path: String, busyTimeoutMilliseconds: Int32) throws(SQLiteError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try connection.execute("PRAGMA synchronous = FULL")
        return connection
    }

    /// Checkpoints completed so far.
    var completed: Int { completedCount.load(ordering: .relaxed) }

    func start() {
        started = true
        // Named from inside: on Linux a thread can only name itself (`top -H` shows it).
        let thread = Thread { [self] in
            Thread.current.name = "cg-checkpoint"
            loop()
        }
        thread.start()
    }

    /// Called after each commit with the WAL's page count; wakes the thread once the WAL is past the threshold.
    func walGrew(to pages: Int) {
        guard pages >= thresholdPages else { return }
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Closes the checkpointer's connection (waiting up to a second for a checkpoint in progress); the next checkpoint
    /// opens a new one.
    func dropConnection() {
        condition.lock()
        defer { condition.unlock() }
        guard started, !stopping else { return }
        dropRequested = true
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: 1)
        while dropRequested, condition.wait(until: deadline) {}
    }

    /// Stops the thread; SQLite checkpoints what is left when the last connection closes.
    func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if started, !alreadyStopping { finished.wait() }
    }

    private func loop() {
        while true {
            condition.lock()
            while !requested, !stopping, !dropRequested { condition.wait() }
            if dropRequested {
                connection = nil
                dropRequested = false
                condition.broadcast()
            }
            let done = stopping
            let checkpoint = requested
            requested = false
            condition.unlock()
            if done { break }
            guard checkpoint else { continue }
            do throws(SQLiteError) {
                let connection: SQLiteConnection
                if let open = self.connection {
                    connection = open
                } else {
                    connection = try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                    self.connection = connection
                }
                _ = try connection.checkpointPassively()
                completedCount.add(1, ordering: .relaxed)
            } catch {
                // The next commit asks again; a store that cannot write shows on the writer's health.
                logger.warning("background checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
        finished.signal()
    }
}
