/// How candidate nodes are scored; a lower score wins. All terms are in minor units of money.
public struct ScoringWeights: Sendable, Codable, Equatable {
    /// Multiplier on a shipment's money cost (per-shipment cost plus per-km carrier cost).
    public var cost: Double
    /// Extra score per kilometre, to prefer nearer nodes beyond what the carrier charges.
    public var distancePerKm: Double
    /// Score added at full utilisation, scaled by current load ÷ capacity.
    public var load: Double
    /// Score added for every shipment beyond the first.
    public var splitPenalty: Double
    /// Score added for a degraded node.
    public var degradedPenalty: Double

    /// Creates weights; the defaults minimise money with a split penalty and a load tie-breaker.
    public init(cost: Double = 1, distancePerKm: Double = 0, load: Double = 100, splitPenalty: Double = 500, degradedPenalty: Double = 2_000) {
        self.cost = cost
        self.distancePerKm = distancePerKm
        self.load = load
        self.splitPenalty = splitPenalty
        self.degradedPenalty = degradedPenalty
    }
}

/// Changes to some of the scoring weights, as an override states them.
public struct ScoringWeightsPatch: Sendable, Codable, Equatable {
    /// Replaces ``ScoringWeights/cost`` when set.
    public var cost: Double?
    /// Replaces ``ScoringWeights/distancePerKm`` when set.
    public var distancePerKm: Double?
    /// Replaces ``ScoringWeights/load`` when set.
    public var load: Double?
    /// Replaces ``ScoringWeights/splitPenalty`` when set.
    public var splitPenalty: Double?
    /// Replaces ``ScoringWeights/degradedPenalty`` when set.
    public var degradedPenalty: Double?

    /// Creates a patch; nil fields leave the weight alone.
    public init(cost: Double? = nil, distancePerKm: Double? = nil, load: Double? = nil, splitPenalty: Double? = nil, degradedPenalty: Double? = nil) {
        self.cost = cost
        self.distancePerKm = distancePerKm
        self.load = load
        self.splitPenalty = splitPenalty
        self.degradedPenalty = degradedPenalty
    }

    /// The weights with this patch's fields replaced.
    public func applied(to weights: ScoringWeights) -> ScoringWeights {
        var result = weights
        if let cost { result.cost = cost }
        if let distancePerKm { result.distancePerKm = distancePerKm }
        if let load { result.load = load }
        if let splitPenalty { result.splitPenalty = splitPenalty }
        if let degradedPenalty { result.degradedPenalty = degradedPenalty }
        return result
    }
}
