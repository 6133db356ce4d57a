import Synchronization

/// Where webhook delivery ids are remembered, so a second delivery of one id within the window is refused as a replay.
public protocol DeliveryLedger: Sendable {
    /// Records `id` (scoped by `channel`); false when it was already seen less than `window` seconds ago.
    func firstSighting(channel: String, id: String, now: Int64, window: Int64) async throws -> Bool

    /// Forgets `id`, so a delivery that was not acknowledged may come again.
    func forget(channel: String, id: String) async
}

/// Delivery ids seen within a window, in this process's memory: enough for one gateway process.
public final class ReplayGuard: DeliveryLedger, Sendable {
    private let seen = Mutex<[String: Int64]>([:])

    /// Creates ReplayGuard with its defaults.
    public init() {}

    /// Records `id` (scoped by `channel`) at `now`; false when it was already seen less than `window` seconds ago.
    public func firstSighting(channel: String, id: String, now: Int64, window: Int64) -> Bool {
        let key = channel + "\u{0}" + id
        return seen.withLock { seen in
            if seen.count > 200_000 { seen = seen.filter { now - $0.value < window } }
            if let previous = seen[key], now - previous < window { return false }
            seen[key] = now
            return true
        }
    }

    /// Forgets `id`, so a delivery that was not acknowledged may come again.
    public func forget(channel: String, id: String) {
        _ = seen.withLock { $0.removeValue(forKey: channel + "\u{0}" + id) }
    }
}
