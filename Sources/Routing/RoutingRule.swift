/// One ordered rule of a routing policy: which orders it applies to and which nodes it may choose.
public struct RoutingRule: Sendable, Codable, Equatable {
    /// The rule's name, shown as the deciding rule.
    public var name: String
    /// Order modes the rule applies to; nil means every mode.
    public var modes: [FulfilmentModeKind]?
    /// Channels the rule applies to; nil means every channel.
    public var channels: [String]?
    /// Priorities the rule applies to; nil means every priority.
    public var priorities: [String]?
    /// The nodes the rule chooses from.
    public var select: CandidateSelection
    /// For ``CandidateSelection/sameCityStore``: stores this close (km) count as same-city; 0 means city match only.
    public var radiusKm: Double
    /// Whether the rule may split the order across several of its nodes when none can fill it alone.
    public var allowSplit: Bool

    /// Creates a rule.
    public init(
        name: String, modes: [FulfilmentModeKind]? = nil, channels: [String]? = nil, priorities: [String]? = nil,
        select: CandidateSelection, radiusKm: Double = 0, allowSplit: Bool = false
    ) {
        self.name = name
        self.modes = modes
        self.channels = channels
        self.priorities = priorities
        self.select = select
        self.radiusKm = radiusKm
        self.allowSplit = allowSplit
    }

    /// Whether the rule applies to an order of this mode, channel and priority.
    func applies(mode: FulfilmentModeKind, channel: String, priority: String) -> Bool {
        if select == .pickupStore && mode != .pickup { return false }
        if let modes, !modes.contains(mode) { return false }
        if let channels, !channels.contains(channel) { return false }
        if let priorities, !priorities.contains(priority) { return false }
        return true
    }
}
