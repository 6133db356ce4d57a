import Foundation
import Logging
import Storage
import Synchronization

/// This process's writes to PostgreSQL, committed in groups: whatever queued while the last commit ran goes into the
/// next transaction, which takes the event log's head once and fsyncs once. A write that fails is left out and the
/// others run again without it; a commit that fails fails every write in it (nothing of it is stored).
final class PostgresGroupWriter: Sendable {
    /// One queued write: runs in the transaction, then hears how the commit went.
    private struct Job: Sendable {
        let hints: WriteHints
        let execute: @Sendable (PostgresAppendTransaction) throws -> Void
        let complete: @Sendable (Result<Void, any Error>) -> Void
    }

    private let session: PostgresSession
    private let queue = Mutex<[Job]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let maxBatch: Int
    /// Told the size of each batch that committed, and the error of each that failed.
    private let afterCommit: @Sendable (_ committed: Int, _ failure: StoreError?) -> Void

    init(session: PostgresSession, maxBatch: Int = 256, afterCommit: @escaping @Sendable (Int, StoreError?) -> Void) {
        self.session = session
        self.maxBatch = maxBatch
        self.afterCommit = afterCommit
        let thread = Thread { [self] in self.loop() }
        thread.name = "postgres-writer"
        thread.start()
    }

    /// Runs `body` in the next group commit and returns its value once that commit is durable.
    func write<Value: Sendable>(
        hints: WriteHints = WriteHints(), _ body: @escaping @Sendable (PostgresAppendTransaction) throws -> Value
    ) async throws -> Value {
        guard !stopped.load(ordering: .relaxed) else { throw StoreError(.closed, "the store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            let produced = Mutex<Value?>(nil)
            let job = Job(
                hints: hints,
                execute: { transaction in
                    let value = try body(transaction)
                    produced.withLock { $0 = value }
                },
                complete: { result in
                    switch result {
                    case .success:
                        if let value = produced.withLock({ $0 }) {
                            continuation.resume(returning: value)
                        } else {
                            continuation.resume(throwing: StoreError(.internal, "a write committed without its result"))
                        }
                    case .failure(let error):
                        continuation.resume(throwing: error)
                    }
                }
            )
            queue.withLock { $0.append(job) }
            wake.signal()
        }
    }

    /// Finishes what is queued and ends the writer thread.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
    }

    private func loop() {
        while true {
            wake.wait()
            let jobs = queue.withLock { queued -> [Job] in
                let taken = Array(queued.prefix(maxBatch))
                queued.removeFirst(taken.count)
                return taken
            }
            if jobs.isEmpty {
                if stopped.load(ordering: .relaxed) {
                    session.close()
                    return
                }
                continue
            }
            // The semaphore counts one signal per job: consume those of the jobs taken beyond the first.
            for _ in 1..<jobs.count { wake.wait() }
            commit(jobs)
        }
    }

    private func commit(_ jobs: [Job]) {
        var attempt = 0
        while true {
            attempt += 1
            do throws(StoreError) {
                let outcomes = try transaction(jobs)
                afterCommit(jobs.count, nil)
                for (job, outcome) in zip(jobs, outcomes) { job.complete(outcome) }
                return
            } catch {
                _ = try? session.run("ROLLBACK")
                // A deadlock or serialization victim is tried again whole; anything else fails every write in it.
                if attempt < 5, error.message.hasPrefix("PostgreSQL 40001") || error.message.hasPrefix("PostgreSQL 40P01") { continue }
                afterCommit(0, error)
                for job in jobs { job.complete(.failure(error)) }
                return
            }
        }
    }

    /// One transaction over `jobs`: the head locked first, the jobs run one after another, the head and the kept
    /// answers written back and committed last. A job that fails leaves the transaction unusable, so it is rolled back
    /// and run again without that job (which hears its own error); failures are rare, savepoints per job would cost
    /// two round trips each time. Returns each job's own outcome.
    private func transaction(_ jobs: [Job]) throws(StoreError) -> [Result<Void, any Error>] {
        var failed: [Int: any Error] = [:]
        while true {
            try session.run("BEGIN")
            let transaction = try PostgresAppendTransaction(session: session)
            let running = jobs.indices.filter { failed[$0] == nil }
            try transaction.prefetch(
                keys: running.flatMap { jobs[$0].hints.keys }, orderIds: Array(Set(running.flatMap { jobs[$0].hints.orderIds })),
                orderKeys: Array(Set(running.flatMap { jobs[$0].hints.orderKeys })),
                derivedIds: Array(Set(running.flatMap { jobs[$0].hints.derivedIds }))
            )
            var failedNow: (Int, any Error)?
            for (index, job) in jobs.enumerated() where failed[index] == nil {
                do {
                    try job.execute(transaction)
                } catch {
                    // A lost connection fails the whole batch; a job's own failure only that job.
                    if let storeError = error as? StoreError, storeError.kind == .unavailable { throw storeError }
                    failedNow = (index, error)
                    break
                }
            }
            if let (index, error) = failedNow {
                try session.run("ROLLBACK")
                failed[index] = error
                continue
            }
            try transaction.finish()
            try session.run("COMMIT")
            return jobs.indices.map { index in failed[index].map { .failure($0) } ?? .success(()) }
        }
    }
}
