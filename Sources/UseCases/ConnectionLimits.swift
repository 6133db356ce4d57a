/// How long and how slowly a client may send one request, and how many connections one address may hold open.
public struct ConnectionLimits: Sendable {
    /// Seconds from a request's first byte until its header block is complete.
    public var headerTimeoutSeconds: Double = 10
    /// Seconds a request body may take in all, however steadily it arrives.
    public var bodyTimeoutSeconds: Double = 300
    /// Slowest body accepted, in bytes per second, once ``bodyGraceSeconds`` have passed.
    public var minBodyBytesPerSecond: Int = 1024
    /// Seconds a body may take before the minimum rate applies.
    public var bodyGraceSeconds: Double = 10
    /// Seconds a connection is read (and the input thrown away) after an answer that closes it, before it is cut.
    public var lingerSeconds: Double = 2
    /// Connections one client address may hold open at once; 0 means no cap.
    public var maxConnectionsPerAddress: Int = 256

    /// Creates ConnectionLimits with its defaults.
    public init() {}

    /// Seconds a body that has delivered `bytes` so far may have taken without being cut.
    public func bodyAllowance(bytes: Int) -> Double {
        let earned = minBodyBytesPerSecond > 0 ? Double(bytes) / Double(minBodyBytesPerSecond) : bodyTimeoutSeconds
        return min(bodyTimeoutSeconds, bodyGraceSeconds + earned)
    }
}
