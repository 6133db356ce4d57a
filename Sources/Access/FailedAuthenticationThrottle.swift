import Synchronization

/// Counts failed client authentications per key (a client id, a client address) in fixed windows; once a key has
/// failed `maxFailures` times in its window it is refused until the window ends, so secrets cannot be guessed at speed.
public final class FailedAuthenticationThrottle: Sendable {
    private struct Window {
        var start: Int64
        var failures: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    /// Failures a key may have per window.
    public let maxFailures: Int
    /// The window's length in seconds.
    public let windowSeconds: Int64
    private let pruneThreshold: Int

    /// Creates a FailedAuthenticationThrottle from its parts.
    public init(maxFailures: Int, windowSeconds: Int64, pruneThreshold: Int = 100_000) {
        self.maxFailures = max(1, maxFailures)
        self.windowSeconds = max(1, windowSeconds)
        self.pruneThreshold = pruneThreshold
    }

    /// Seconds until `key` may try again, or nil when it may try now.
    public func lockedFor(_ key: String, now: Int64) -> Int64? {
        windows.withLock { table in
            guard let window = table[key], now < window.start + windowSeconds, window.failures >= maxFailures else { return nil }
            return window.start + windowSeconds - now
        }
    }

    /// Records one failed authentication of `key`.
    public func recordFailure(_ key: String, now: Int64) {
        windows.withLock { table in
            if table.count > pruneThreshold { table = table.filter { now < $0.value.start + windowSeconds } }
            if var window = table[key], now < window.start + windowSeconds {
                window.failures += 1
                table[key] = window
            } else {
                table[key] = Window(start: now, failures: 1)
            }
        }
    }
}
