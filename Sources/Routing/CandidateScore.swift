/// A node the deciding rule scored, for the explanation.
public struct CandidateScore: Sendable, Codable, Equatable {
    /// The node's id.
    public var nodeId: String
    /// The score (lower wins).
    public var score: Double
    /// Money cost of a shipment from it, in minor units.
    public var cost: Int64
    /// Distance to the ship-to point in km.
    public var distanceKm: Double

    /// Creates a candidate score.
    public init(nodeId: String, score: Double, cost: Int64, distanceKm: Double) {
        self.nodeId = nodeId
        self.score = score
        self.cost = cost
        self.distanceKm = distanceKm
    }
}
