/// Weight and review changes for orders of some channels and/or priorities.
public struct PolicyOverride: Sendable, Codable, Equatable {
    /// Channels this override applies to; nil means every channel.
    public var channels: [String]?
    /// Priorities this override applies to; nil means every priority.
    public var priorities: [String]?
    /// Weight changes.
    public var weights: ScoringWeightsPatch
    /// Review thresholds to replace.
    public var review: ReviewRules

    /// Creates an override.
    public init(channels: [String]? = nil, priorities: [String]? = nil, weights: ScoringWeightsPatch = .init(), review: ReviewRules = .init()) {
        self.channels = channels
        self.priorities = priorities
        self.weights = weights
        self.review = review
    }

    /// Whether the override applies to an order of this channel and priority.
    func applies(channel: String, priority: String) -> Bool {
        if let channels, !channels.contains(channel) { return false }
        if let priorities, !priorities.contains(priority) { return false }
        return true
    }
}
