/// A routing policy: ordered rules with fallback, scoring weights, overrides, review rules and promise settings.
public struct RoutingPolicy: Sendable, Codable, Equatable {
    /// The policy's name.
    public var name: String
    /// The version label the caller stored it under, if any.
    public var version: String?
    /// Rules tried in order; the first whose nodes can fill the order decides.
    public var rules: [RoutingRule]
    /// Default scoring weights.
    public var weights: ScoringWeights
    /// Default review rules.
    public var review: ReviewRules
    /// Promise settings.
    public var promise: PromiseSettings
    /// Overrides applied in order (later ones win): channel overrides first, then priority overrides.
    public var overrides: [PolicyOverride]
    /// How many scored candidates an explanation lists.
    public var explainTop: Int
    /// How many steps a wave that leaves backorders searches for more fills, then for a cheaper plan (nil: 150,000; 0: no
    /// search).
    public var waveSearchSteps: Int?

    /// Creates a policy.
    public init(
        name: String = "default", version: String? = nil, rules: [RoutingRule] = RoutingPolicy.standardRules,
        weights: ScoringWeights = .init(), review: ReviewRules = .init(), promise: PromiseSettings = .init(),
        overrides: [PolicyOverride] = [], explainTop: Int = 5, waveSearchSteps: Int? = nil
    ) {
        self.name = name
        self.version = version
        self.rules = rules
        self.weights = weights
        self.review = review
        self.promise = promise
        self.overrides = overrides
        self.explainTop = explainTop
        self.waveSearchSteps = waveSearchSteps
    }

    /// Pickup in store, then same-city stores for 2-hour orders, then the best warehouse, then any node with splits.
    public static let standardRules: [RoutingRule] = [
        RoutingRule(name: "pickup-in-store", select: .pickupStore),
        RoutingRule(name: "two-hour-from-store", modes: [.shipFromStore], select: .sameCityStore, radiusKm: 30),
        RoutingRule(name: "best-warehouse", select: .warehouses),
        RoutingRule(name: "any-node-split", select: .anyNode, allowSplit: true),
    ]

    /// The weights and review rules for an order of this channel and priority.
    func effective(channel: String, priority: String) -> (weights: ScoringWeights, review: ReviewRules) {
        var weights = self.weights
        var review = self.review
        let ordered = overrides.filter { $0.priorities == nil } + overrides.filter { $0.priorities != nil }
        for override in ordered where override.applies(channel: channel, priority: priority) {
            weights = override.weights.applied(to: weights)
            review = review.merged(with: override.review)
        }
        return (weights, review)
    }
}
