/// The inputs of one planning run: what to ship, where to, and under which weights.
struct PlanRequest {
    /// The order's lines (for SKU names in messages).
    var lines: [OrderLine]
    var skuIndices: [Int]
    var quantities: [Int]
    var mode: FulfilmentModeKind
    var channel: String
    var priority: String
    /// The pickup store's node index for pickup orders.
    var pickupNode: Int?
    /// Where the shipment goes (the pickup store's location for pickup orders).
    var destination: GeoPoint?
    /// Lowercased destination city.
    var destinationCity: String?
    var weights: ScoringWeights
    /// Where the order's distances sit in the running wave's cache, when it belongs to the wave.
    var waveDistanceOffset: Int?
}

/// A feasible plan: the node of every line and the scores behind the choice.
struct Plan {
    var ruleIndex: Int
    var lineNodes: [Int]
    /// Distinct nodes in line order.
    var shipmentNodes: [Int]
    var score: Double
    /// The best alternative's score, for the review margin.
    var runnerUpScore: Double?
    var candidates: [CandidateScore]
    var excluded: ExclusionCounts
    var notes: [String]
}

/// Why planning failed: the reason in words and the fallbacks tried.
struct PlanFailure {
    var reason: String
    var excluded: ExclusionCounts
    var notes: [String]
}
