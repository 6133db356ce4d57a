import Foundation

/// What an operator sees of one poller: health, progress and the last error.
public struct PollerStatus: Sendable {
    public var channel: String
    public var tenant: String
    /// `idle`, `syncing`, `backing_off`, `circuit_open` or `standby` (another process holds the lease).
    public var state: String = "idle"
    public var lastRoundStartedAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    public var pages: Int = 0
    public var items: Int = 0
    public var errors: Int = 0
    public var rounds: Int = 0
    /// Unix seconds of the newest update synced.
    public var highWater: Int64?
    public var consecutiveFailures: Int = 0

    /// Creates a PollerStatus from its parts.
    public init(channel: String, tenant: String) {
        self.channel = channel
        self.tenant = tenant
    }

    /// Seconds between now and the newest update synced.
    public func lagSeconds(now: Date = Date()) -> Double? {
        highWater.map { max(0, now.timeIntervalSince1970 - Double($0)) }
    }
}
