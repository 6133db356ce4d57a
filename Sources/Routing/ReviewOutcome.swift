/// The result of an approve or override: the released decision and its audit record.
public struct ReviewOutcome: Sendable, Codable, Equatable {
    /// The decision after the action (status `routed`).
    public var decision: RoutingDecision
    /// The audit record written for the action.
    public var audit: OverrideAuditRecord
    /// The move, when an override changed the nodes (data for an `OrderRerouted` event).
    public var reroute: RerouteResult?

    /// Creates a review outcome.
    public init(decision: RoutingDecision, audit: OverrideAuditRecord, reroute: RerouteResult?) {
        self.decision = decision
        self.audit = audit
        self.reroute = reroute
    }
}
