/// Where a return goes (ROPO: the nearest store that accepts returns).
public struct ReturnDecision: Sendable, Codable, Equatable {
    /// The order being returned, if known.
    public var orderId: String?
    /// The node that takes the return.
    public var nodeId: String
    /// Warehouse or store.
    public var nodeKind: NodeKind
    /// Distance from the customer to that node in km.
    public var distanceKm: Double
    /// Why this node, in words.
    public var reason: String

    /// Creates a return decision.
    public init(orderId: String?, nodeId: String, nodeKind: NodeKind, distanceKm: Double, reason: String) {
        self.orderId = orderId
        self.nodeId = nodeId
        self.nodeKind = nodeKind
        self.distanceKm = distanceKm
        self.reason = reason
    }
}
