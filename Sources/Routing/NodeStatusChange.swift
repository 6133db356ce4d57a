/// What changing a node's status did: orders moved off it and backorders it let through.
public struct NodeStatusChange: Sendable, Codable, Equatable {
    /// The node.
    public var nodeId: String
    /// Its status before.
    public var previous: NodeStatus
    /// Its status now.
    public var current: NodeStatus
    /// Open orders moved off the node (when it went down), in order of arrival.
    public var reroutes: [RerouteResult]
    /// Backordered orders routed because the node came back.
    public var routedBackorders: [RoutingDecision]

    /// Creates a status change result.
    public init(nodeId: String, previous: NodeStatus, current: NodeStatus, reroutes: [RerouteResult], routedBackorders: [RoutingDecision]) {
        self.nodeId = nodeId
        self.previous = previous
        self.current = current
        self.reroutes = reroutes
        self.routedBackorders = routedBackorders
    }
}
