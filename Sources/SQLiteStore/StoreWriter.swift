import Storage
import Foundation
import Logging
import Synchronization

/// The single writer connection: queues write jobs from any task and commits them in shared transactions.
///
/// Jobs that arrive while a commit is in progress wait and then commit together (group commit), so many
/// concurrent requests cost one fsync. Each job runs inside its own savepoint: a job that throws is rolled
/// back alone. When a commit fails because the database cannot write, every job of that batch fails, the
/// writer turns unhealthy, refuses new jobs at once, and probes the database until a write succeeds again. A probe
/// that fails because of how the connections were opened (read-only, say) has every connection of the store opened
/// anew (SQLite shares a file's lock and shared-memory state between the connections of a process), so a store whose
/// files were read-only recovers once they are writable, without a restart.
final class StoreWriter: @unchecked Sendable {
    // Invariant: `pending`, `stopping` are guarded by `condition`; `current` is used only on `thread` (and by
    // `checkWritable` before the thread starts).
    private let condition = NSCondition()
    private var pending: [WriteJob] = []
    private var stopping = false
    /// The writer's connection; nil between dropping a read-only one and opening its replacement.
    private var current: SQLiteConnection?
    /// Opens the writer's connection anew once the old one is dropped, with every other connection of the store.
    private let reopen: () throws(SQLiteError) -> SQLiteConnection
    /// Damping for a store that recovers and fails again at once (a disk with room for a probe, not for a batch):
    /// probes in a row needed before writes are taken again, doubled on every quick relapse. Writer thread only.
    private var probesNeeded = 1
    private var probesPassed = 0
    private var recoveredAt: Date?
    private let healthy = Atomic<Bool>(true)
    private let lastFailure = Mutex<String?>(nil)
    private let maxBatch: Int
    private let probeInterval: TimeInterval
    private let logger: Logger
    private let afterCommit: @Sendable (_ batchSize: Int) -> Void
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    init(
        connection: SQLiteConnection, reopen: @escaping () throws(SQLiteError) -> SQLiteConnection, maxBatch: Int,
        probeInterval: TimeInterval, logger: Logger, afterCommit: @escaping @Sendable (Int) -> Void
    ) {
        current = connection
        self.reopen = reopen
        self.maxBatch = maxBatch
        self.probeInterval = probeInterval
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Proves at start that the file takes writes (a file opened read-only reads fine until the first write), so
    /// readiness is true from the first probe. Call before `start`.
    func checkWritable() {
        guard let connection = current else { return }
        do throws(SQLiteError) {
            try Self.probeWrite(connection)
        } catch {
            if connection.inTransaction { try? connection.execute("ROLLBACK") }
            markUnhealthy(error)
        }
    }

    func start() {
        // Named from inside: on Linux a thread can only name itself (`top -H` shows it).
        let thread = Thread { [self] in
            Thread.current.name = "cg-store-writer"
            loop()
        }
        self.thread = thread
        thread.start()
    }

    /// Stops after the queued jobs are committed.
    func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if thread != nil, !alreadyStopping { finished.wait() }
    }

    /// True while writes succeed.
    var isHealthy: Bool { healthy.load(ordering: .acquiring) }

    /// The last write failure, while unhealthy.
    var failureReason: String? { lastFailure.withLock { $0 } }

    /// Runs `work` in the next group commit and returns its result once the commit is on disk.
    func write<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        guard isHealthy else {
            throw StoreError(.unavailable, failureReason ?? "the database cannot take writes")
        }
        return try await withCheckedThrowingContinuation { continuation in
            let job = WriteJob(work: work, continuation: continuation)
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: StoreError(.closed, "the store is shutting down"))
                return
            }
            pending.append(job)
            condition.signal()
            condition.unlock()
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty, !stopping {
                if !isHealthy {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: probeInterval))
                    break
                }
                condition.wait()
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let done = stopping && pending.isEmpty && batch.isEmpty
            condition.unlock()
            if done { break }
            if batch.isEmpty {
                if !isHealthy { probe() }
                continue
            }
            guard let connection = current else {
                let error = StoreError(.unavailable, lastFailure.withLock { $0 } ?? "the store's connection is being reopened")
                batch.forEach { $0.fail(error) }
                continue
            }
            commit(batch, on: connection)
        }
        finished.signal()
    }

    private func commit(_ batch: [WriteJob], on connection: SQLiteConnection) {
        do {
            try connection.run("BEGIN IMMEDIATE", [])
        } catch {
            markUnhealthy(error)
            batch.forEach { $0.fail(StoreError(.unavailable, "\(error)")) }
            failQueued(error)
            return
        }
        var outcomes: [(any Error)?] = []
        outcomes.reserveCapacity(batch.count)
        for job in batch {
            do {
                try connection.run("SAVEPOINT job", [])
                try job.run(connection)
                try connection.run("RELEASE job", [])
                outcomes.append(nil)
            } catch {
                if let sqliteError = error as? SQLiteError, sqliteError.meansUnavailable {
                    abort(batch, error, on: connection)
                    return
                }
                try? connection.run("ROLLBACK TO job", [])
                try? connection.run("RELEASE job", [])
                // A job's own refusal (not found, conflict, lease lost) passes as it is; anything else is the store's fault.
                outcomes.append(error is StoreError ? error : StoreError(.internal, "\(error)"))
            }
        }
        do {
            try connection.run("COMMIT", [])
        } catch {
            abort(batch, error, on: connection)
            return
        }
        if !isHealthy { markHealthy() }
        for (job, failure) in zip(batch, outcomes) {
            if let failure { job.fail(failure) } else { job.succeed() }
        }
        afterCommit(batch.count)
    }

    private func abort(_ batch: [WriteJob], _ error: any Error, on connection: SQLiteConnection) {
        if connection.inTransaction { try? connection.execute("ROLLBACK") }
        markUnhealthy(error)
        batch.forEach { $0.fail(StoreError(.unavailable, "\(error)")) }
        failQueued(error)
    }

    /// Fails the jobs that queued while a failed commit waited, as new ones are refused while unhealthy: each would
    /// otherwise wait out the busy timeout again before failing.
    private func failQueued(_ error: any Error) {
        condition.lock()
        let queued = pending
        pending.removeAll()
        condition.unlock()
        queued.forEach { $0.fail(StoreError(.unavailable, "\(error)")) }
    }

    private func probe() {
        if let connection = current {
            do throws(SQLiteError) {
                try Self.probeWrite(connection)
                probesPassed += 1
                if probesPassed >= probesNeeded { recover() }
                return
            } catch {
                probesPassed = 0
                if connection.inTransaction { try? connection.execute("ROLLBACK") }
                lastFailure.withLock { $0 = "\(error)" }
                guard error.needsNewConnection || connection.isReadOnly else { return }
            }
        }
        // Drop the connection (closing it) before the store opens its connections anew.
        current = nil
        do throws(SQLiteError) {
            let connection = try reopen()
            current = connection
            try Self.probeWrite(connection)
            logger.notice("store reopened its connections")
            recover()
        } catch {
            if let connection = current, connection.inTransaction { try? connection.execute("ROLLBACK") }
            lastFailure.withLock { $0 = "\(error)" }
        }
    }

    private static func probeWrite(_ connection: SQLiteConnection) throws(SQLiteError) {
        try connection.run("BEGIN IMMEDIATE", [])
        try connection.run("UPDATE store_health SET probed_at = ? WHERE id = 1", [.text(Date().description)])
        try connection.run("COMMIT", [])
    }

    /// Takes writes again after enough probes passed.
    private func recover() {
        probesPassed = 0
        recoveredAt = Date()
        markHealthy()
    }

    private func markUnhealthy(_ error: any Error) {
        lastFailure.withLock { $0 = "\(error)" }
        if healthy.exchange(false, ordering: .acquiringAndReleasing) {
            if let recoveredAt, Date().timeIntervalSince(recoveredAt) < 5 {
                probesNeeded = min(probesNeeded * 2, 32)
            } else {
                probesNeeded = 1
            }
            probesPassed = 0
            logger.error(
                "store cannot write; refusing writes until it recovers",
                metadata: ["error": "\(error)", "probes_needed": "\(probesNeeded)"]
            )
        }
    }

    private func markHealthy() {
        lastFailure.withLock { $0 = nil }
        if !healthy.exchange(true, ordering: .acquiringAndReleasing) {
            logger.notice("store writes again")
        }
    }
}

/// One queued write: the work, its result once run, and the caller waiting for the commit.
private final class WriteJob: @unchecked Sendable {
    // Invariant: `run` and `succeed`/`fail` are called on the writer thread only, in that order, once.
    private let runWork: (SQLiteConnection) throws -> Void
    private let onSuccess: () -> Void
    private let onFailure: (any Error) -> Void

    init<T: Sendable>(work: @escaping @Sendable (SQLiteConnection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        let box = ResultBox<T>()
        runWork = { connection in box.value = try work(connection) }
        onSuccess = {
            guard let value = box.value else {
                continuation.resume(throwing: StoreError(.closed, "write finished without a result"))
                return
            }
            continuation.resume(returning: value)
        }
        onFailure = { continuation.resume(throwing: $0) }
    }

    func run(_ connection: SQLiteConnection) throws { try runWork(connection) }
    func succeed() { onSuccess() }
    func fail(_ error: any Error) { onFailure(error) }
}

/// Holds a job's result between its run and the commit.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
