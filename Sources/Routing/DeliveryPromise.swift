import Foundation

/// What the customer is promised: the kind, when, and whether they are owed compensation.
public struct DeliveryPromise: Sendable, Codable, Equatable {
    /// 2-hour, next-day, standard or pickup.
    public var kind: PromiseKind
    /// The promised delivery or pickup-ready time.
    public var eta: Date
    /// True when the customer asked for (or the quote aimed at) something faster than this promise.
    public var compensation: Bool

    /// Creates a promise.
    public init(kind: PromiseKind, eta: Date, compensation: Bool) {
        self.kind = kind
        self.eta = eta
        self.compensation = compensation
    }
}
