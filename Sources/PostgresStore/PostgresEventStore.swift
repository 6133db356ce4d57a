import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Storage
import Synchronization

/// ChannelGate's store on PostgreSQL, shared by several gateway replicas: the event log, orders and dead letters.
///
/// Writers of every replica queue on the event log's head row, so positions become visible strictly in order;
/// readers use their own sessions and never wait for writers.
public final class PostgresEventStore: Sendable {
    public let location: PostgresLocation
    let readers: PostgresSessionPool
    let writers: PostgresSessionPool
    /// Threads of the store's own that wait on PostgreSQL for writers, one per writer session: the cooperative threads
    /// tasks run on are never held while a transaction waits for the head.
    let writerThreads: NIOThreadPool
    /// Wakes this replica's long polls at its own commits; other replicas' commits are found by polling.
    let signal = CommitSignal()
    let sealing: ArchiveSealing?
    let logger: Logger
    /// Why writes fail now (nil while they succeed), from the last write or probe.
    let health = Mutex<String?>(nil)
    /// Called after every commit with the number of messages it stored (one: each write is its own transaction).
    let onCommit: @Sendable (_ batchSize: Int) -> Void
    /// How often a long poll looks for other replicas' commits.
    static let pollInterval: Duration = .milliseconds(50)
    /// How often an unreachable database is tried again.
    static let probeInterval: Duration = .milliseconds(500)
    let closed = Atomic<Bool>(false)

    /// Connects to `url` (``PostgresLocation``) and brings its schema up to date.
    public init(
        url: String, sealing: ArchiveSealing? = nil, readers: Int = 4, writers: Int = 4, logger: Logger,
        onCommit: @escaping @Sendable (_ batchSize: Int) -> Void = { _ in }
    ) throws {
        location = try PostgresLocation(url: url)
        self.readers = PostgresSessionPool(location: location, size: readers, logger: logger)
        self.writers = PostgresSessionPool(location: location, size: writers, logger: logger)
        writerThreads = NIOThreadPool(numberOfThreads: writers)
        writerThreads.start()
        self.sealing = sealing
        self.logger = logger
        self.onCommit = onCommit
        try self.writers.with { session throws(StoreError) in try PostgresMigrations.apply(in: session) }
        startProbing()
    }

    /// Closes every session.
    public func close() {
        closed.store(true, ordering: .relaxed)
        readers.close()
        writers.close()
        writerThreads.shutdownGracefully { _ in }
    }

    /// While the database is unreachable, tries it every ``probeInterval`` so health comes back without traffic.
    private func startProbing() {
        Task.detached { [weak self] in
            while let store = self, !store.closed.load(ordering: .relaxed) {
                if !store.isWritable { store.probe() }
                try? await Task.sleep(for: Self.probeInterval)
            }
        }
    }

    /// Runs `body` in one write transaction holding the log's head, off the caller's thread; retried when PostgreSQL
    /// picked it as a deadlock or serialization victim. Long polls are woken after the commit.
    func write<Value: Sendable>(_ body: @escaping @Sendable (PostgresAppendTransaction) throws -> Value) async throws -> Value {
        let result: Value = try await writerThreads.runIfActive {
            let outcome = Result<Value, any Error> { try self.writeNow(body) }
            if case .failure(let error as StoreError) = outcome { self.recordWrite(error) } else { self.recordWrite(nil) }
            return try outcome.get()
        }
        signal.signal()
        onCommit(1)
        return result
    }

    private func writeNow<Value>(_ body: (PostgresAppendTransaction) throws -> Value) throws -> Value {
        var attempt = 0
        while true {
            attempt += 1
            let outcome = Result<Value, StoreError> { () throws(StoreError) -> Value in
                try writers.with { session throws(StoreError) in try Self.transaction(in: session, body) }
            }
            switch outcome {
            case .success(let value): return value
            case .failure(let error): if attempt >= 5 || !Self.isRetryable(error) { throw error }
            }
        }
    }

    private static func transaction<Value>(
        in session: PostgresSession, _ body: (PostgresAppendTransaction) throws -> Value
    ) throws(StoreError) -> Value {
        try session.run("BEGIN")
        do {
            let transaction = try PostgresAppendTransaction(session: session)
            let result = try body(transaction)
            try transaction.finish()
            try session.run("COMMIT")
            return result
        } catch {
            _ = try? session.run("ROLLBACK")
            if let storeError = error as? StoreError { throw storeError }
            throw StoreError(.internal, "\(error)")
        }
    }

    private static func isRetryable(_ error: StoreError) -> Bool {
        error.message.hasPrefix("PostgreSQL 40001") || error.message.hasPrefix("PostgreSQL 40P01")
    }

    /// `message` with its body sealed, when the store seals archives.
    func sealed(_ message: InboundMessage) throws -> InboundMessage {
        guard let sealing else { return message }
        var copy = message
        copy.body = try sealing.seal(message.body)
        return copy
    }

    /// `source` with any message body in it sealed.
    func sealed(_ source: AppendSource) throws -> AppendSource {
        switch source {
        case .message(let message): .message(try sealed(message))
        case .deadLetter(let tenant, let id, let replacement?): .deadLetter(tenant: tenant, id: id, replacement: try sealed(replacement))
        case .deadLetter, .core: source
        }
    }
}
