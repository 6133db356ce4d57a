import Access
import Foundation
import Logging
import PostgresStore
import SQLiteStore
import Storage

/// The one place that chooses and opens the storage backend: the SQLite file in the data directory, or the
/// PostgreSQL database the store URL names.
public enum StoreComposition {
    /// Creates the data directory (0700) and warns about looser files left by older installs.
    public static func prepareDataDirectory(_ configuration: GatewayConfiguration, logger: Logger) throws {
        try DataFiles.createDirectory(configuration.dataDirectory)
        for (path, mode) in DataFiles.looserThanPrivate(directory: configuration.dataDirectory) {
            logger.warning(
                "data file readable by other users; it holds keys and personal data",
                metadata: ["path": "\(path)", "mode": "\(String(mode, radix: 8))", "fix": "chmod go-rwx \(path)"]
            )
        }
    }

    /// Opens the store (creating the data directory, 0700, if missing).
    ///
    /// `cipher` seals archived message bodies and subscription secrets; nil leaves them as they are (tools that never read them).
    public static func open(
        _ configuration: GatewayConfiguration, cipher: PersonalDataCipher?, logger: Logger,
        onCommit: @escaping @Sendable (_ batchSize: Int) -> Void = { _ in }
    ) throws -> any StorageBackend {
        try DataFiles.createDirectory(configuration.dataDirectory)
        let sealing = cipher.map { ArchiveSealing(seal: $0.seal, open: $0.open) }
        if configuration.storeIsPostgreSQL, let url = configuration.storeURL {
            return try PostgresEventStore(url: url, sealing: sealing, logger: logger, onCommit: onCommit)
        }
        var storeConfiguration = SQLiteEventStore.Configuration()
        storeConfiguration.archiveSealing = sealing
        storeConfiguration.busyTimeoutMilliseconds = Int32(configuration.storeBusyTimeoutMilliseconds)
        return try SQLiteEventStore(path: configuration.storePath, configuration: storeConfiguration, logger: logger, onCommit: onCommit)
    }
}
