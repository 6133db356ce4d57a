import Storage
import Foundation

/// An advisory lock beside the store (`<store>.lock`): every process that opens the store holds it shared, and a
/// restore takes it exclusive, so a store is never replaced under a running gateway.
public final class StoreUseLock: Sendable {
    private let descriptor: Int32

    private init(path: String, exclusive: Bool) throws(StoreError) {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(DataFiles.fileMode))
        guard descriptor >= 0 else {
            throw StoreError(.unavailable, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            throw StoreError(
                .unavailable,
                exclusive ? "the store \(path) is in use (a gateway or command has it open); stop it first"
                    : "the store \(path) is being restored; start again when the restore has finished"
            )
        }
        self.descriptor = descriptor
    }

    /// The lock every user of the store holds while it has the store open.
    public static func shared(storePath: String) throws(StoreError) -> StoreUseLock {
        try StoreUseLock(path: storePath, exclusive: false)
    }

    /// The lock a restore holds: granted only while nobody else has the store open.
    public static func exclusive(storePath: String) throws(StoreError) -> StoreUseLock {
        try StoreUseLock(path: storePath, exclusive: true)
    }

    deinit { close(descriptor) }
}
