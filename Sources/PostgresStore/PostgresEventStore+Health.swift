import Storage

extension PostgresEventStore: StoreHealth {
    /// True while writes succeed (the last write, or the last probe, reached PostgreSQL).
    public var isWritable: Bool { health.withLock { $0 == nil } }

    /// Why writes fail now, nil while they succeed.
    public var unavailableReason: String? { health.withLock { $0 } }

    /// Records the outcome of a write: an unavailable database marks the store unwritable until a write succeeds.
    func recordWrite(_ error: StoreError?) {
        health.withLock { reason in
            if let error {
                if error.kind == .unavailable { reason = error.message }
            } else {
                reason = nil
            }
        }
    }

    /// Tries a trivial statement: after an outage, health returns without waiting for traffic.
    public func probe() {
        do {
            try writers.with { session throws(StoreError) in _ = try session.run("SELECT 1") }
            recordWrite(nil)
        } catch {
            recordWrite(error)
        }
    }
}
