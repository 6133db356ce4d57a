/// A rate limit: a sustained rate and a burst that may arrive at once.
public struct RateLimit: Sendable, Equatable, Codable {
    /// Requests per second, sustained.
    public var rate: Double
    /// Requests admitted at once after a quiet period.
    public var burst: Int

    /// Creates a RateLimit from its parts.
    public init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = burst
    }
}

/// The answer to one request against one limit, with what the `RateLimit-*` headers report.
public struct RateDecision: Sendable, Equatable {
    public let allowed: Bool
    /// The burst size (`RateLimit-Limit`).
    public let limit: Int
    /// Requests that could still be admitted now (`RateLimit-Remaining`).
    public let remaining: Int
    /// Seconds until the full burst is available again (`RateLimit-Reset`).
    public let resetSeconds: Int
    /// Seconds to wait before retrying, when refused (`Retry-After`).
    public let retryAfterSeconds: Int
}

/// Where limiter state lives; in-process now, a shared backend when several instances serve one tenant.
public protocol RateLimiterBackend: Sendable {
    /// Admits or refuses one request under `limit` for `key` at `now` (seconds).
    func admit(key: String, limit: RateLimit, now: Double) -> RateDecision
}
