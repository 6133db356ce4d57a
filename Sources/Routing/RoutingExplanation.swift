/// Why a decision came out as it did: the deciding rule, the best candidates and what was excluded.
public struct RoutingExplanation: Sendable, Codable, Equatable {
    /// The rule that decided, nil when none could.
    public var decidingRule: String?
    /// The best-scored candidates of the deciding rule that could fill the order alone, best first.
    public var candidates: [CandidateScore]
    /// Nodes excluded by the deciding rule (or by the last rule tried when none decided), counted by reason.
    public var excluded: ExclusionCounts
    /// Fallbacks taken and other remarks, in order.
    public var notes: [String]

    /// Creates an explanation.
    public init(decidingRule: String?, candidates: [CandidateScore] = [], excluded: ExclusionCounts = .init(), notes: [String] = []) {
        self.decidingRule = decidingRule
        self.candidates = candidates
        self.excluded = excluded
        self.notes = notes
    }
}
