import Storage
import Foundation

/// Puts a backup in place of a store: only while no process has the store open, only a backup that verifies clean,
/// and keeping the store it replaces (checkpointed into one file) beside it.
public enum StoreRestore {
    /// Where the replaced store was kept, if there was one.
    public struct Outcome: Sendable {
        public let report: StoreVerification.Report
        public let previousStore: String?
    }

    /// Restores the backup at `backup` as the store at `storePath`.
    public static func run(backup: String, to storePath: String, now: Date = Date()) throws(StoreError) -> Outcome {
        let lock = try StoreUseLock.exclusive(storePath: storePath)
        defer { withExtendedLifetime(lock) {} }
        let report = try StoreVerification.run(path: backup)
        guard report.isClean else { throw StoreError(.conflict, "the backup \(backup) does not verify:\n\(report)") }
        let incoming = storePath + ".restoring"
        unlink(incoming)
        do throws(StoreError) {
            try DataFiles.createPrivately(incoming)
            guard copyfile(from: backup, to: incoming) else {
                throw StoreError(.unavailable, "cannot copy \(backup): \(String(cString: strerror(errno)))")
            }
            try StoreBackup.fsyncFile(incoming)
        } catch {
            unlink(incoming)
            throw error
        }
        var previous: String?
        if FileManager.default.fileExists(atPath: storePath) {
            // Fold the WAL into the old file first: a WAL left beside the restored file would be replayed into it.
            do {
                let old = try SQLiteConnection(path: storePath, busyTimeoutMilliseconds: 5000)
                try old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                try old.execute("PRAGMA journal_mode = DELETE")
            } catch {
                unlink(incoming)
                throw StoreError(.unavailable, "cannot checkpoint the current store before replacing it: \(error)")
            }
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            let kept = storePath + ".before-restore-" + stamp
            guard rename(storePath, kept) == 0 else {
                unlink(incoming)
                throw StoreError(.unavailable, "cannot keep the current store as \(kept): \(String(cString: strerror(errno)))")
            }
            previous = kept
        }
        unlink(storePath + "-wal")
        unlink(storePath + "-shm")
        guard rename(incoming, storePath) == 0 else {
            throw StoreError(.unavailable, "cannot move the restored store into place: \(String(cString: strerror(errno)))")
        }
        try StoreBackup.fsyncDirectory(of: storePath)
        return Outcome(report: report, previousStore: previous)
    }

    /// Copies the bytes of `source` into the (existing, empty) file `destination`.
    private static func copyfile(from source: String, to destination: String) -> Bool {
        guard let input = FileHandle(forReadingAtPath: source), let output = FileHandle(forWritingAtPath: destination) else { return false }
        defer {
            try? input.close()
            try? output.close()
        }
        do {
            // `read(upToCount:)` answers nil or no bytes at the end of the file, and throws on a read error.
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
            }
            return true
        } catch {
            return false
        }
    }
}
