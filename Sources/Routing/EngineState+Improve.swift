import Foundation

extension EngineState {
    /// How many orders at one node a swap looks at.
    static let swapCandidatesPerNode = 4

    /// How many of a node's indexed orders a swap looks through for the ones it looks at.
    static let swapScanPerNode = 64

    /// How many passes of swaps a wave makes at most (it stops early when a pass finds nothing).
    static let swapRounds = 2

    /// Lowers a placed wave's total score: re-plans each order alone, then tries to give an order a cheaper node by
    /// moving one other wave order off it, keeping only moves that lower the two orders' summed score.
    mutating func improve(wave: [Int], now: Date) {
        var moved: Set<Int> = []
        // Pairs whose swap failed are not tried again in a later pass.
        var failedSwaps: Set<Int> = []
        for slot in wave where orders[slot].status.holdsReservations && replanAlone(slot) { moved.insert(slot) }
        for _ in 0..<Self.swapRounds {
            var improved = false
            for slot in wave where orders[slot].status.holdsReservations {
                if let partner = swapIntoCheaperNode(slot, skipping: &failedSwaps) {
                    moved.insert(slot)
                    moved.insert(partner)
                    improved = true
                }
            }
            if !improved { break }
        }
        for slot in wave where orders[slot].status.holdsReservations && replanAlone(slot) { moved.insert(slot) }
        for slot in moved where orders[slot].status.holdsReservations { refreshDecision(slot: slot, keepStatus: orders[slot].keptStatus, now: now) }
    }

    /// The score of an order's current reservation under its own request.
    mutating func currentScore(_ slot: Int, request given: PlanRequest? = nil) -> Double {
        let request = given ?? makeRequest(slot: slot)
        computeMetrics(request)
        let shipmentNodes = distinctNodes(ofSlot: slot)
        return shipmentNodes.reduce(0) { $0 + scratch.score[$1] } + request.weights.splitPenalty * Double(max(0, shipmentNodes.count - 1))
    }

    /// Releases and re-plans one order; keeps the new plan only when it scores lower.
    private mutating func replanAlone(_ slot: Int) -> Bool {
        let before = currentScore(slot)
        let previousLineNodes = orders[slot].lineNodes
        releaseReservations(slot: slot)
        guard case .planned(let plan) = plan(makeRequest(slot: slot), explainFailure: false, candidates: false), plan.score < before - 0.5 else {
            reserve(slot: slot, lineNodes: previousLineNodes)
            return false
        }
        reserve(slot: slot, lineNodes: plan.lineNodes)
        return true
    }

    /// Tries nodes cheaper than the order's current ones, each by moving one wave order there elsewhere; returns the partner moved.
    private mutating func swapIntoCheaperNode(_ slot: Int, skipping failedSwaps: inout Set<Int>) -> Int? {
        let request = makeRequest(slot: slot)
        let before = currentScore(slot, request: request)
        var targets: [(node: Int, score: Double)] = []
        // Fields are read one by one: taking an order record whole copies it (arrays, strings) on this hot path.
        let slotNodes = orders[slot].lineNodes
        for node in 0..<nodes.count {
            guard nodes.statuses[node] != .down, scratch.score[node] < before - 0.5, !slotNodes.contains(node) else { continue }
            let stocked = (0..<request.skuIndices.count).allSatisfy { line in
                request.skuIndices[line] >= 0 && stock.level(sku: request.skuIndices[line], node: node).onHand >= request.quantities[line]
            }
            if stocked { targets.append((node, scratch.score[node])) }
        }
        guard !targets.isEmpty else { return nil }
        targets.sort { $0.score < $1.score }
        let wanted = request.skuIndices
        for target in targets.prefix(3) {
            let atCapacity = nodes.loads[target.node] >= nodes.capacities[target.node]
            var looked = 0
            // A bounded copy of the node's first entries: a kept swap changes the list, which must not be copied whole.
            let entries = Array(ordersByNode[target.node].prefix(Self.swapScanPerNode))
            for partner in entries {
                guard looked < Self.swapCandidatesPerNode else { break }
                guard partner != slot, orders[partner].waveMark == waveCounter, orders[partner].status.holdsReservations,
                      orders[partner].lineNodes.contains(target.node) else { continue }
                if !atCapacity && !orders[partner].skuIndices.contains(where: { wanted.contains($0) }) { continue }
                // The order must fit at the target once the partner's units there are released.
                guard fitsAfterRelease(request, at: target.node, of: partner) else { continue }
                let pair = slot &* orders.count &+ partner
                guard !failedSwaps.contains(pair) else { continue }
                looked += 1
                // At a full node the partner must leave it for the order to take its place. When none of its lines
                // there has anywhere else to go, only a swap in which the order goes elsewhere could succeed, and
                // re-planning the order alone already tries that: the swap is not tried.
                guard !atCapacity || canLeave(partner, node: target.node, makingRoomFor: slot) else {
                    failedSwaps.insert(pair)
                    continue
                }
                let partnerRequest = makeRequest(slot: partner)
                let partnerBefore = currentScore(partner, request: partnerRequest)
                if trySwap(slot, request, partner: partner, partnerRequest, scoreBefore: before + partnerBefore) { return partner }
                failedSwaps.insert(pair)
            }
        }
        return nil
    }

    /// Whether every line `partner` ships from `node` is available at another node that could take it, counting
    /// what `slot` gives back where it ships now.
    private func canLeave(_ partner: Int, node: Int, makingRoomFor slot: Int) -> Bool {
        let skus = orders[partner].skuIndices
        let quantities = orders[partner].quantities
        let partnerNodes = orders[partner].lineNodes
        let slotSKUs = orders[slot].skuIndices
        let slotQuantities = orders[slot].quantities
        let slotNodes = orders[slot].lineNodes
        for line in 0..<skus.count where partnerNodes[line] == node {
            var found = false
            for other in 0..<nodes.count where other != node && nodes.statuses[other] != .down {
                let freed = slotNodes.contains(other)
                guard freed || partnerNodes.contains(other) || nodes.loads[other] < nodes.capacities[other] else { continue }
                var available = stock.available(sku: skus[line], node: other)
                if freed {
                    for slotLine in 0..<slotSKUs.count where slotSKUs[slotLine] == skus[line] && slotNodes[slotLine] == other {
                        available += slotQuantities[slotLine]
                    }
                }
                if available >= quantities[line] {
                    found = true
                    break
                }
            }
            if !found { return false }
        }
        return true
    }

    /// Whether every line of the request is available at `node` once `partner`'s reservation there is released.
    private func fitsAfterRelease(_ request: PlanRequest, at node: Int, of partner: Int) -> Bool {
        let partnerSKUs = orders[partner].skuIndices
        let partnerQuantities = orders[partner].quantities
        let partnerNodes = orders[partner].lineNodes
        for line in 0..<request.skuIndices.count {
            let sku = request.skuIndices[line]
            var available = stock.available(sku: sku, node: node)
            for other in 0..<partnerSKUs.count where partnerSKUs[other] == sku && partnerNodes[other] == node {
                available += partnerQuantities[other]
            }
            if available < request.quantities[line] { return false }
        }
        return true
    }

    /// Releases both orders, re-plans `slot` then `partner`; keeps the result only when their summed score drops.
    private mutating func trySwap(
        _ slot: Int, _ slotRequest: PlanRequest, partner: Int, _ partnerRequest: PlanRequest, scoreBefore: Double
    ) -> Bool {
        let slotLineNodes = orders[slot].lineNodes
        let partnerLineNodes = orders[partner].lineNodes
        releaseReservations(slot: slot)
        releaseReservations(slot: partner)
        func restore(_ state: inout EngineState) {
            state.releaseReservations(slot: slot)
            state.releaseReservations(slot: partner)
            state.reserve(slot: slot, lineNodes: slotLineNodes)
            state.reserve(slot: partner, lineNodes: partnerLineNodes)
        }
        guard case .planned(let slotPlan) = plan(slotRequest, explainFailure: false, candidates: false) else {
            restore(&self)
            return false
        }
        reserve(slot: slot, lineNodes: slotPlan.lineNodes)
        guard case .planned(let partnerPlan) = plan(partnerRequest, explainFailure: false, candidates: false), slotPlan.score + partnerPlan.score < scoreBefore - 0.5 else {
            restore(&self)
            return false
        }
        reserve(slot: partner, lineNodes: partnerPlan.lineNodes)
        return true
    }

    /// Rebuilds an order's decision from its current reservation (after a wave moved it); with `review`, the order's
    /// status comes from the review rules, as for a newly planned order.
    mutating func refreshDecision(slot: Int, keepStatus: RoutingStatus?, review: Bool = false, now: Date) {
        let request = makeRequest(slot: slot)
        computeMetrics(request)
        let shipmentNodes = distinctNodes(ofSlot: slot)
        let previous = orders[slot].decision
        let ruleIndex = policy.rules.firstIndex { rule in
            rule.applies(mode: request.mode, channel: request.channel, priority: request.priority)
                && shipmentNodes.allSatisfy { selects(rule, node: $0, request: request) }
                && (shipmentNodes.count == 1 || rule.allowSplit)
        } ?? max(0, policy.rules.count - 1)
        let score = shipmentNodes.reduce(0) { $0 + scratch.score[$1] } + request.weights.splitPenalty * Double(max(0, shipmentNodes.count - 1))
        var notes = previous?.explanation.notes ?? []
        notes.append("placed by wave optimisation")
        let plan = Plan(
            ruleIndex: ruleIndex, lineNodes: orders[slot].lineNodes, shipmentNodes: shipmentNodes, score: score, runnerUpScore: nil,
            candidates: shipmentNodes.map { candidateScore(($0, scratch.score[$0])) }, excluded: previous?.explanation.excluded ?? .init(),
            notes: notes)
        var reasons = previous?.reviewReasons ?? []
        var status = keepStatus ?? orders[slot].status
        if review && keepStatus == nil {
            reasons = Self.reviewReasons(order: orders[slot].order, plan: plan, rules: profiles[orders[slot].profile].review)
            status = reasons.isEmpty ? .routed : .held
            orders[slot].status = status
        }
        orders[slot].decision = makeDecision(
            slot: slot, plan: plan, request: request, status: status, reviewReasons: reasons, now: now)
    }
}
