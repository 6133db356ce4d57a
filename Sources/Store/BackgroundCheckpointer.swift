import Foundation
import Logging
import Synchronization

/// Copies the WAL back into the database file on its own thread and connection, so no commit waits for it.
///
/// The writer's connection reports the WAL's size after each commit; past `thresholdPages` this wakes the
/// checkpointer, which runs a passive checkpoint (it never blocks the writer or readers, and copies what no
/// reader still needs). SQLite starts the WAL over once it has all been copied. Its connection is opened for each
/// checkpoint and closed after it, so it never holds the file while the store reopens its connections.
final class BackgroundCheckpointer: @unchecked Sendable {
    // Invariant: `requested` and `stopping` are guarded by `condition`.
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    private let thresholdPages: Int
    private let logger: Logger
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private let completedCount = Atomic<Int>(0)

    init(path: String, thresholdPages: Int, busyTimeoutMilliseconds: Int32, logger: Logger) throws(SQLiteError) {
        _ = try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
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
            while !requested, !stopping { condition.wait() }
            let done = stopping
            requested = false
            condition.unlock()
            if done { break }
            do throws(SQLiteError) {
                _ = try Self.open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds).checkpointPassively()
                completedCount.add(1, ordering: .relaxed)
            } catch {
                // The next commit asks again; a store that cannot write shows on the writer's health.
                logger.warning("background checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
        finished.signal()
    }
}
