import Foundation

/// Everything the engine knows, mutated only under the engine's lock.
struct EngineState: Sendable {
    var nodes: NodeTable
    var stock: StockMatrix
    var policy: RoutingPolicy
    var orders: [OrderRecord] = []
    var slotByOrderId: [String: Int] = [:]
    /// Per node: slots of orders assigned to it (may hold stale entries; checked on use).
    var ordersByNode: [[Int]]
    /// Per node: the index size at which stale entries are swept out next.
    var ordersByNodeSweepAt: [Int]
    /// Counts sweeps of the order indexes (marks which orders one sweep kept).
    var sweepCounter = 0
    /// Slots of backordered orders in arrival order (may hold stale entries).
    var backorderSlots: [Int] = []
    var audit: [OverrideAuditRecord] = []
    /// Counts waves (batches and failovers); orders of the running wave carry its number.
    var waveCounter = 0
    /// Distances (order position × node) computed when a wave is ordered, reused when it is planned.
    var waveDistances: [Double] = []
    /// Where the order being planned starts in ``waveDistances``; nil outside waves.
    var waveDistanceOffset: Int?
    /// Weights and review rules per (channel, priority) seen so far; orders keep the index of theirs.
    var profiles: [(channel: String, priority: String, weights: ScoringWeights, review: ReviewRules)] = []
    var profileIndexByKey: [String: Int] = [:]
    /// `name@version` of the policy in force, for decisions.
    var policyLabel: String
    /// Per-order scratch, one entry per node: distance, money cost and score.
    var scratch: PlanScratch
    /// Added to a node's score while a priced plan is made (``pricedPlan(wave:price:now:)``); empty otherwise.
    var capacityPrices: [Double] = []
    /// Orders placed while capacity prices were set: their decisions' scores carry the prices (``unpriceDecisions(now:)``).
    var pricedSlots: Set<Int> = []

    init(network: FulfilmentNetwork, policy: RoutingPolicy) {
        nodes = NodeTable(network.nodes)
        stock = StockMatrix(nodes: network.nodes)
        self.policy = policy
        policyLabel = EngineState.label(of: policy)
        ordersByNode = Array(repeating: [], count: network.nodes.count)
        ordersByNodeSweepAt = Array(repeating: EngineState.minimumSweepSize, count: network.nodes.count)
        scratch = PlanScratch(nodeCount: network.nodes.count)
    }

    /// The index of the weights and review rules for a channel and priority, computed once per pair.
    mutating func profileIndex(channel: String, priority: String) -> Int {
        let key = channel + "\u{1F}" + priority
        if let index = profileIndexByKey[key] { return index }
        let effective = policy.effective(channel: channel, priority: priority)
        profiles.append((channel, priority, effective.weights, effective.review))
        profileIndexByKey[key] = profiles.count - 1
        return profiles.count - 1
    }

    /// Replaces the policy; every known (channel, priority) profile is recomputed in place.
    mutating func replacePolicy(_ newPolicy: RoutingPolicy) {
        policy = newPolicy
        policyLabel = Self.label(of: newPolicy)
        for index in profiles.indices {
            let effective = newPolicy.effective(channel: profiles[index].channel, priority: profiles[index].priority)
            profiles[index].weights = effective.weights
            profiles[index].review = effective.review
        }
    }

    static func label(of policy: RoutingPolicy) -> String {
        policy.version.map { "\(policy.name)@\($0)" } ?? policy.name
    }

    func nodeIndex(_ id: String) throws -> Int {
        guard let index = nodes.indexById[id] else { throw RoutingError(.unknownNode, "no node '\(id)'") }
        return index
    }

    /// Whether the order belongs to the wave running now.
    func inCurrentWave(_ slot: Int) -> Bool { orders[slot].waveMark == waveCounter }

    func slot(of orderId: String) throws -> Int {
        guard let slot = slotByOrderId[orderId] else { throw RoutingError(.unknownOrder, "no order '\(orderId)'") }
        return slot
    }

    /// The distinct nodes of an order's lines, in line order.
    func distinctNodes(ofSlot slot: Int) -> [Int] {
        var result: [Int] = []
        for node in orders[slot].lineNodes where node >= 0 && !result.contains(node) { result.append(node) }
        return result
    }

    /// The smallest per-node index size that triggers a sweep.
    static let minimumSweepSize = 1_024

    /// Drops shipped, cancelled, moved and duplicate entries from a node's order index (amortised O(1) per append).
    mutating func sweepOrderIndex(node: Int) {
        sweepCounter += 1
        var live: [Int] = []
        live.reserveCapacity(ordersByNode[node].count / 2)
        // An order being reserved right now is not marked open yet, so "reserved here and not shipped" is the test.
        for slot in ordersByNode[node] where orders[slot].sweepMark != sweepCounter && orders[slot].status != .shipped && orders[slot].uses(node: node) {
            orders[slot].sweepMark = sweepCounter
            live.append(slot)
        }
        ordersByNode[node] = live
        ordersByNodeSweepAt[node] = max(Self.minimumSweepSize, live.count * 2)
    }
}

/// Reusable per-order arrays, one entry per node, so planning allocates nothing per node.
struct PlanScratch: Sendable {
    var distanceKm: [Double]
    var money: [Int64]
    var score: [Double]
    var eligible: [Int]

    init(nodeCount: Int) {
        distanceKm = Array(repeating: 0, count: nodeCount)
        money = Array(repeating: 0, count: nodeCount)
        score = Array(repeating: 0, count: nodeCount)
        eligible = []
        eligible.reserveCapacity(nodeCount)
    }
}
