import Storage
import CanonicalModel
import Foundation
import Logging

/// The durable event store on one SQLite file in WAL mode: event log, order state, inbound archive, dead letters.
///
/// Writes go through one writer connection that group-commits concurrent requests; reads use a pool of
/// reader connections. Every read and write is scoped to a tenant.
public final class SQLiteEventStore: StorageBackend {
    /// How the store opens and writes its file.
    public struct Configuration: Sendable {
        /// How long a write waits for a lock held by another process before the store reports unavailable.
        public var busyTimeoutMilliseconds: Int32 = 2000
        /// Reader connections for concurrent queries.
        public var readers: Int = 4
        /// Most write jobs committed in one transaction.
        public var maxBatch: Int = 512
        /// How often an unhealthy store retries a write.
        public var probeInterval: TimeInterval = 0.5
        /// WAL pages after which the background checkpointer copies the WAL into the database file.
        public var checkpointPages: Int = 1000
        /// Seals archived message bodies at rest; nil keeps them as received.
        public var archiveSealing: ArchiveSealing?

        /// Creates Configuration with its defaults.
        public init() {}
    }

    /// Counts reported after each commit, for metrics.
    public typealias CommitObserver = @Sendable (_ batchSize: Int) -> Void

    let writer: StoreWriter
    let checkpointer: BackgroundCheckpointer
    let readers: ReaderPool
    let signal = CommitSignal()
    let sealing: ArchiveSealing?
    /// Held while the store is open, so a restore cannot replace the file underneath.
    private let useLock: StoreUseLock
    public let path: String

    /// Opens or creates the store at `path`, migrating its schema to the current version.
    public init(
        path: String, configuration: Configuration = Configuration(), logger: Logger,
        onCommit: @escaping CommitObserver = { _ in }
    ) throws(StoreError) {
        self.path = path
        sealing = configuration.archiveSealing
        useLock = try StoreUseLock.shared(storePath: path)
        do {
            try DataFiles.createPrivately(path)
            let busyTimeout = configuration.busyTimeoutMilliseconds
            let migrating = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeout)
            try migrating.execute("PRAGMA journal_mode = WAL")
            try migrating.execute("PRAGMA foreign_keys = ON")
            let applied = try Migrations.migrate(migrating)
            if !applied.isEmpty { logger.info("store migrated", metadata: ["path": "\(path)", "versions": "\(applied)"]) }
            let checkpointer = try BackgroundCheckpointer(
                path: path, thresholdPages: configuration.checkpointPages, busyTimeoutMilliseconds: busyTimeout, logger: logger
            )
            let openWriter = { () throws(SQLiteError) -> SQLiteConnection in
                try Self.openWriterConnection(path: path, busyTimeoutMilliseconds: busyTimeout, checkpointer: checkpointer)
            }
            self.checkpointer = checkpointer
            let readers = try ReaderPool(path: path, count: configuration.readers, busyTimeoutMilliseconds: busyTimeout)
            self.readers = readers
            let signal = self.signal
            writer = StoreWriter(
                connection: try openWriter(),
                reopen: { () throws(SQLiteError) -> SQLiteConnection in
                    checkpointer.dropConnection()
                    return try readers.reopenAll(around: openWriter)
                },
                maxBatch: configuration.maxBatch,
                probeInterval: configuration.probeInterval, logger: logger, afterCommit: { size in
                    signal.signal()
                    onCommit(size)
                }
            )
        } catch {
            throw StoreError(.unavailable, "cannot open store at \(path): \(error)")
        }
        writer.checkWritable()
        checkpointer.start()
        writer.start()
    }

    /// The writer's connection: full durability, foreign keys, a bounded WAL, and the checkpointer told of its growth.
    private static func openWriterConnection(
        path: String, busyTimeoutMilliseconds: Int32, checkpointer: BackgroundCheckpointer
    ) throws(SQLiteError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try connection.execute("PRAGMA synchronous = FULL")
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA journal_size_limit = 67108864")
        try connection.execute("PRAGMA temp_store = MEMORY")
        connection.onWALCommit { pages in checkpointer.walGrew(to: pages) }
        return connection
    }

    /// Commits what is queued and closes the writer.
    public func close() {
        writer.stop()
        checkpointer.stop()
    }

    /// Background checkpoints completed since the store opened.
    public var checkpointsCompleted: Int { checkpointer.completed }

    /// True while the store can write.
    public var isWritable: Bool { writer.isHealthy }

    /// Why the store cannot write, while it cannot.
    public var unavailableReason: String? { writer.failureReason }

    /// The schema version this build migrates a store to.
    public static var latestSchemaVersion: Int { Migrations.all.last?.version ?? 0 }

    /// The schema version the file is at.
    public func schemaVersion() throws(StoreError) -> Int {
        try readers.read { connection throws(SQLiteError) in
            Int(try connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", []) { $0.int64(0) }.first ?? 0)
        }
    }
}
