import Storage
import Synchronization

extension PostgresEventStore: StoreHealth {
    /// True while writes succeed (the last write, or the last probe, reached PostgreSQL).
    public var isWritable: Bool { health.reason == nil }

    /// Why writes fail now, nil while they succeed.
    public var unavailableReason: String? { health.reason }

    /// Tries a trivial statement: after an outage, health returns without waiting for traffic.
    public func probe() {
        do {
            try readers.with { session throws(StoreError) in _ = try session.run("SELECT 1") }
            health.record(nil)
        } catch {
            health.record(error)
        }
    }
}

/// Why writes fail now, from the last commit or probe: an unavailable database marks the store unwritable until a
/// write or probe succeeds; other failures (a conflict, a bad request) say nothing about the database.
final class WriteHealth: Sendable {
    private let failure = Mutex<String?>(nil)

    /// Why writes fail now, nil while they succeed.
    var reason: String? { failure.withLock { $0 } }

    /// Records the outcome of a commit or probe.
    func record(_ error: StoreError?) {
        failure.withLock { reason in
            if let error {
                if error.kind == .unavailable { reason = error.message }
            } else {
                reason = nil
            }
        }
    }
}
