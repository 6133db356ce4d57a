import Foundation
import Logging
import PostgresNIO
import Storage
import Synchronization

/// ChannelGate's store on PostgreSQL, shared by several gateway replicas: the event log, orders and dead letters.
///
/// Writers of every replica queue on the event log's head row, so positions become visible strictly in order;
/// readers use their own sessions and never wait for writers.
public final class PostgresEventStore: Sendable {
    /// The database this store is on.
    public let location: PostgresLocation
    let readers: PostgresSessionPool
    /// This process's writes, committed in groups on a thread of their own (the cooperative threads tasks run on are
    /// never held while a transaction waits for the head).
    let writer: PostgresGroupWriter
    /// Wakes this replica's long polls at its own commits; other replicas' commits are found by polling.
    let signal = CommitSignal()
    let sealing: ArchiveSealing?
    let logger: Logger
    /// Why writes fail now (nil while they succeed), from the last write or probe.
    let health = WriteHealth()
    /// Called after every group commit with the number of writes it stored.
    let onCommit: @Sendable (_ batchSize: Int) -> Void
    /// How often a long poll looks for other replicas' commits.
    static let pollInterval: Duration = .milliseconds(50)
    /// How often an unreachable database is tried again.
    static let probeInterval: Duration = .milliseconds(500)
    let closed = Atomic<Bool>(false)

    /// Connects to `url` (``PostgresLocation``) and brings its schema up to date.
    public init(
        url: String, sealing: ArchiveSealing? = nil, readers: Int = 4, logger: Logger,
        onCommit: @escaping @Sendable (_ batchSize: Int) -> Void = { _ in }
    ) throws {
        let location = try PostgresLocation(url: url)
        self.location = location
        self.readers = PostgresSessionPool(location: location, size: readers, logger: logger)
        let session = PostgresSession(location: location, logger: logger)
        try PostgresMigrations.apply(in: session)
        let health = self.health
        let signal = self.signal
        writer = PostgresGroupWriter(session: session) { committed, failure in
            health.record(failure)
            if committed > 0 {
                signal.signal()
                onCommit(committed)
            }
        }
        self.sealing = sealing
        self.logger = logger
        self.onCommit = onCommit
        startProbing()
    }

    /// Closes every session.
    public func close() {
        closed.store(true, ordering: .relaxed)
        readers.close()
        writer.stop()
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

    /// Runs `body` in the next group commit (one transaction holding the log's head) and returns its value once it is
    /// durable; long polls are woken after the commit.
    func write<Value: Sendable>(
        hints: WriteHints = WriteHints(), _ body: @escaping @Sendable (PostgresAppendTransaction) throws -> Value
    ) async throws -> Value {
        try await writer.write(hints: hints, body)
    }
}
