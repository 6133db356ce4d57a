import Synchronization

/// A bound on requests being worked on at once; beyond it new requests are shed before any work is done.
public final class InFlightLimiter: Sendable {
    private let inFlight = Atomic<Int>(0)
    public let maximum: Int

    /// Creates an InFlightLimiter from its parts.
    public init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a slot, or returns false when all are taken.
    public func tryEnter() -> Bool {
        let now = inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        guard now <= maximum else {
            inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    /// Gives a slot back.
    public func leave() {
        inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    /// Requests in flight now.
    public var current: Int { inFlight.load(ordering: .relaxed) }
}
