import Storage
import Foundation

/// Files of the data directory are private to the user running ChannelGate: the directory 0700, every file 0600.
public enum DataFiles {
    /// Mode of the data directory.
    public static let directoryMode: Int16 = 0o700
    /// Mode of every file in it.
    public static let fileMode: Int16 = 0o600

    /// Creates `path` empty with mode 0600 unless it exists, so SQLite's `-wal` and `-shm` files (which copy the
    /// database's mode) are private too.
    public static func createPrivately(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(fileMode))
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw StoreError(.unavailable, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the data directory with mode 0700 (and any missing parents) unless it exists.
    public static func createDirectory(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: directoryMode])
    }

    /// The directory and the files directly in it that others than the owner may read, write or enter, with their modes.
    public static func looserThanPrivate(directory: String) -> [(path: String, mode: Int16)] {
        var found: [(path: String, mode: Int16)] = []
        if let mode = self.mode(of: directory), mode & 0o077 != 0 { found.append((directory, mode)) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if let mode = self.mode(of: path), mode & 0o077 != 0 { found.append((path, mode)) }
        }
        return found
    }

    private static func mode(of path: String) -> Int16? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int16(status.st_mode & 0o777)
    }
}
