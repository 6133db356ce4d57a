/// The routing core's memory of one order: its lines as SKU indices and the node each line ships from.
struct OrderRecord: Sendable {
    /// The order as received, with lines of the same SKU merged.
    var order: RoutingOrder
    /// Per line: the SKU index, or −1 when the SKU is stocked nowhere yet.
    var skuIndices: [Int]
    /// Per line: units.
    var quantities: [Int]
    /// Per line: the node index it is reserved at, or −1.
    var lineNodes: [Int]
    /// Where the order stands.
    var status: RoutingStatus
    /// The last decision given for it.
    var decision: RoutingDecision?
    /// Lowercased ship-to city, for same-city matching.
    var cityKey: String?
    /// Index of the order's (channel, priority) profile in the engine's profiles.
    var profile: Int
    /// The wave (batch or failover) it last belonged to; equal to the engine's wave counter while that wave runs.
    var waveMark: Int = 0
    /// Its row in the running wave's distance cache (valid while `waveMark` is the engine's wave counter).
    var wavePosition: Int = 0
    /// The last sweep of a node's order index that kept it (to drop duplicates without hashing).
    var sweepMark: Int = 0
    /// The status a failover keeps for it while it is re-planned (nil: review it afresh).
    var keptStatus: RoutingStatus?

    /// Whether the order still holds reservations and may move.
    var isOpen: Bool { status.holdsReservations }

    /// Whether any line is reserved at the node.
    func uses(node: Int) -> Bool { lineNodes.contains(node) }
}

extension RoutingStatus {
    /// Whether an order in this status still holds reservations and may move (routed or held).
    var holdsReservations: Bool {
        switch self {
        case .routed, .held: true
        case .backordered, .shipped, .cancelled: false
        }
    }
}
