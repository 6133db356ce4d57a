import Storage
import CSQLite
import Foundation

/// Online backups of a store file through SQLite's backup API: consistent as of one moment, taken while the
/// gateway keeps serving, written to a temporary file, made durable, then renamed into place (mode 0600).
public enum StoreBackup {
    /// What a backup holds.
    public struct Summary: Sendable {
        public let pages: Int
        public let bytes: Int64
        public let events: Int64
        public let orders: Int64
        /// The feed position of the last event in the backup.
        public let lastPosition: Int64
        /// When the snapshot was taken.
        public let takenAt: Date
    }

    /// Copies the store at `source` to `destination`, calling `progress(copied, total)` in pages as it goes.
    ///
    /// The copy reads one snapshot (a read transaction held from the first page to the last), so writers go on
    /// and the backup holds exactly what was committed when it began.
    public static func run(
        from source: String, to destination: String, pagesPerStep: Int32 = 1024, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(StoreError) -> Summary {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError(.notFound, "no store file at \(source)") }
        let temporary = destination + ".partial"
        unlink(temporary)
        do {
            let reader = try SQLiteConnection(path: source, busyTimeoutMilliseconds: 5000)
            try reader.execute("PRAGMA query_only = ON")
            try reader.execute("BEGIN")
            let lastPosition = try reader.query("SELECT COALESCE(MAX(position), 0) FROM events", []) { $0.int64(0) }.first ?? 0
            let takenAt = Date()
            try DataFiles.createPrivately(temporary)
            let target = try SQLiteConnection(path: temporary, busyTimeoutMilliseconds: 5000)
            let pages = try target.copy(from: reader, pagesPerStep: pagesPerStep, progress: progress)
            try reader.execute("COMMIT")
            try target.execute("PRAGMA journal_mode = DELETE")
            let counts = try target.query("SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM orders)", []) {
                ($0.int64(0), $0.int64(1))
            }.first ?? (0, 0)
            try fsyncFile(temporary)
            guard rename(temporary, destination) == 0 else {
                throw StoreError(.unavailable, "cannot move the backup to \(destination): \(String(cString: strerror(errno)))")
            }
            try fsyncDirectory(of: destination)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? 0
            return Summary(pages: pages, bytes: bytes, events: counts.0, orders: counts.1, lastPosition: lastPosition, takenAt: takenAt)
        } catch let error as StoreError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw StoreError(.unavailable, "backup of \(source) failed: \(error)")
        }
    }

    /// Flushes the directory holding `path`, so a rename into it is durable.
    static func fsyncDirectory(of path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        try fsyncFile(directory.isEmpty ? "." : directory)
    }

    /// Flushes a file or directory to disk.
    static func fsyncFile(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError(.unavailable, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError(.unavailable, "cannot flush \(path): \(String(cString: strerror(errno)))") }
    }
}
