/// One shipment of a decision: the node and the lines it ships.
public struct PlannedShipment: Sendable, Codable, Equatable {
    /// The shipping node's id.
    public var nodeId: String
    /// Warehouse or store.
    public var nodeKind: NodeKind
    /// The lines this node ships.
    public var lines: [OrderLine]
    /// Money cost of this shipment in minor units (per-shipment plus per-km cost).
    public var cost: Int64
    /// Distance from the node to the ship-to point in km (0 when the ship-to point is unknown).
    public var distanceKm: Double

    /// Creates a shipment.
    public init(nodeId: String, nodeKind: NodeKind, lines: [OrderLine], cost: Int64, distanceKm: Double) {
        self.nodeId = nodeId
        self.nodeKind = nodeKind
        self.lines = lines
        self.cost = cost
        self.distanceKm = distanceKm
    }
}
