/// A node's live state: status, load against capacity, and open orders.
public struct NodeSummary: Sendable, Codable, Equatable {
    /// The node's id.
    public var nodeId: String
    /// Warehouse or store.
    public var kind: NodeKind
    /// Up, degraded or down.
    public var status: NodeStatus
    /// Orders assigned this hour.
    public var load: Int
    /// Orders it can take per hour.
    public var capacityPerHour: Int
    /// Routed or held orders with lines at this node.
    public var openOrders: Int

    /// Creates a summary.
    public init(nodeId: String, kind: NodeKind, status: NodeStatus, load: Int, capacityPerHour: Int, openOrders: Int) {
        self.nodeId = nodeId
        self.kind = kind
        self.status = status
        self.load = load
        self.capacityPerHour = capacityPerHour
        self.openOrders = openOrders
    }
}

extension EngineState {
    /// Live state of every node, in network order.
    func nodeSummaries() -> [NodeSummary] {
        var openCounts = Array(repeating: 0, count: nodes.count)
        for record in orders where record.isOpen {
            for (position, node) in record.lineNodes.enumerated() where node >= 0 && !record.lineNodes[..<position].contains(node) {
                openCounts[node] += 1
            }
        }
        return (0..<nodes.count).map { node in
            NodeSummary(
                nodeId: nodes.ids[node], kind: nodes.kinds[node], status: nodes.statuses[node], load: nodes.loads[node],
                capacityPerHour: nodes.capacities[node], openOrders: openCounts[node])
        }
    }
}
