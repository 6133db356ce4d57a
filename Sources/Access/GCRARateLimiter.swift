import Synchronization

/// The generic cell rate algorithm (GCRA) in process: one theoretical arrival time per key, exact under concurrency.
///
/// A request is admitted when the key's theoretical arrival time, advanced by one emission interval, lies no more
/// than `burst` intervals ahead of now; over any window of `w` seconds at most `burst + rate·w` requests pass.
public final class GCRARateLimiter: RateLimiterBackend {
    private let arrivals = Mutex<[String: Double]>([:])
    /// Keys kept before idle ones are pruned.
    private let pruneThreshold: Int

    /// Creates a GCRARateLimiter from its parts.
    public init(pruneThreshold: Int = 100_000) {
        self.pruneThreshold = pruneThreshold
    }

    /// Admits or refuses one request under `limit` for `key` at `now` (seconds).
    public func admit(key: String, limit: RateLimit, now: Double) -> RateDecision {
        let interval = 1 / max(limit.rate, 1e-9)
        let burst = max(limit.burst, 1)
        return arrivals.withLock { arrivals in
            if arrivals.count > pruneThreshold { arrivals = arrivals.filter { $0.value > now } }
            let arrival = max(arrivals[key] ?? now, now)
            let next = arrival + interval
            let allowedAt = next - Double(burst) * interval
            guard now >= allowedAt else {
                let remaining = 0
                return RateDecision(
                    allowed: false, limit: burst, remaining: remaining, resetSeconds: Self.ceiling(arrival - now),
                    retryAfterSeconds: max(1, Self.ceiling(allowedAt - now))
                )
            }
            arrivals[key] = next
            let remaining = min(burst, Int(((now - allowedAt) / interval).rounded(.down)))
            return RateDecision(
                allowed: true, limit: burst, remaining: remaining, resetSeconds: Self.ceiling(next - now), retryAfterSeconds: 0
            )
        }
    }

    private static func ceiling(_ seconds: Double) -> Int { max(0, Int(seconds.rounded(.up))) }
}
