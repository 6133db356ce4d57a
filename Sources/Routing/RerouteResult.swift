/// One order moved by a failover, override or re-route; encodes as the data of an `OrderRerouted` event.
public struct RerouteResult: Sendable, Codable, Equatable {
    /// The order.
    public var orderId: String
    /// The nodes it was assigned to before.
    public var previousNodeIds: [String]
    /// The promise it had before.
    public var previousPromise: DeliveryPromise?
    /// Why it moved, e.g. `node WH-SH-01 down`.
    public var trigger: String
    /// The new decision (backordered when no node can take it now).
    public var decision: RoutingDecision

    /// Creates a reroute result.
    public init(orderId: String, previousNodeIds: [String], previousPromise: DeliveryPromise?, trigger: String, decision: RoutingDecision) {
        self.orderId = orderId
        self.previousNodeIds = previousNodeIds
        self.previousPromise = previousPromise
        self.trigger = trigger
        self.decision = decision
    }
}
