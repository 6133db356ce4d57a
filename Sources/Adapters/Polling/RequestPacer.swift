import Access
import Foundation
import Synchronization

/// Spaces requests to a channel by a token bucket (GCRA): at most `burst` at once, then `rate` per second.
final class RequestPacer: Sendable {
    private let limit: RateLimit
    private let arrival = Mutex<Double>(0)

    init(limit: RateLimit) {
        self.limit = limit
    }

    /// Waits until one more request is allowed.
    func next() async throws {
        let interval = 1 / max(limit.rate, 1e-6)
        let tolerance = Double(max(limit.burst, 1) - 1) * interval
        let wait = arrival.withLock { arrival -> Double in
            let now = Date().timeIntervalSince1970
            let sendAt = max(now, arrival - tolerance)
            arrival = max(arrival, sendAt) + interval
            return sendAt - now
        }
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
    }

    /// Holds every request back until `seconds` from now (a 429's `Retry-After`).
    func hold(for seconds: Double) {
        let tolerance = Double(max(limit.burst, 1) - 1) / max(limit.rate, 1e-6)
        arrival.withLock { arrival in arrival = max(arrival, Date().timeIntervalSince1970 + seconds + tolerance) }
    }
}
