import Foundation

extension EngineState {
    /// How many move attempts one wave's repair may make in all, so a hopeless wave stays fast.
    static let repairAttemptBudget = 20_000

    /// How many move attempts the repair of one order may make.
    static let repairAttemptsPerOrder = 200

    /// How many of a node's indexed orders the repair looks through for one to move, so the search costs the same
    /// whatever the node holds (a hub of a 100,000-order wave holds tens of thousands).
    static let repairScanPerNode = 512

    /// Tries to fill backordered wave orders by moving one other order of the same wave off a node that blocks them.
    ///
    /// Only orders of the wave move, so nothing already announced changes.
    mutating func repairBackorders(in wave: [Int], now: Date) {
        var budget = Self.repairAttemptBudget
        for slot in wave where orders[slot].status == .backordered && budget > 0 {
            repair(slot: slot, budget: &budget, now: now)
        }
    }

    /// Looks for a node holding stock or capacity the order needs and one movable order there that can go elsewhere.
    private mutating func repair(slot: Int, budget: inout Int, now: Date) {
        let request = makeRequest(slot: slot)
        if request.skuIndices.contains(where: { $0 < 0 }) { return }
        // Moving another order never creates units: every line needs enough spare units across the network.
        for line in 0..<request.skuIndices.count {
            var spare = 0
            for node in 0..<nodes.count where nodes.statuses[node] != .down {
                spare += stock.available(sku: request.skuIndices[line], node: node)
            }
            if spare < request.quantities[line] { return }
        }
        computeMetrics(request)
        var targets: [(node: Int, score: Double)] = []
        for node in 0..<nodes.count where nodes.statuses[node] != .down {
            let helps = (0..<request.skuIndices.count).contains { line in
                stock.level(sku: request.skuIndices[line], node: node).onHand >= request.quantities[line]
            }
            if helps { targets.append((node, scratch.score[node])) }
        }
        targets.sort { $0.score < $1.score }
        let wanted = Set(request.skuIndices)
        var attempts = Self.repairAttemptsPerOrder
        for target in targets where attempts > 0 {
            let atCapacity = nodes.loads[target.node] >= nodes.capacities[target.node]
            // A bounded copy of the node's first entries: moves below change the list, which must not be copied whole.
            let entries = Array(ordersByNode[target.node].prefix(Self.repairScanPerNode))
            for candidate in entries {
                guard budget > 0, attempts > 0 else { return }
                guard candidate != slot, inCurrentWave(candidate), orders[candidate].status.holdsReservations,
                      holds(candidate, skus: wanted, at: target.node, orAny: atCapacity) else { continue }
                budget -= 1
                attempts -= 1
                if tryMove(candidate, toMakeRoomFor: slot, now: now) { return }
            }
        }
    }

    /// Whether the order has a line of one of the SKUs at the node (or any line there, when `orAny`).
    private func holds(_ slot: Int, skus: Set<Int>, at node: Int, orAny: Bool) -> Bool {
        let record = orders[slot]
        for line in 0..<record.lineNodes.count where record.lineNodes[line] == node {
            if orAny || skus.contains(record.skuIndices[line]) { return true }
        }
        return false
    }

    /// Releases `candidate`, plans and reserves `slot`, then re-plans `candidate`; rolls everything back if either fails.
    private mutating func tryMove(_ candidate: Int, toMakeRoomFor slot: Int, now: Date) -> Bool {
        let previousLineNodes = orders[candidate].lineNodes
        releaseReservations(slot: candidate)
        let request = makeRequest(slot: slot)
        guard case .planned(var slotPlan) = plan(request, explainFailure: false) else {
            reserve(slot: candidate, lineNodes: previousLineNodes)
            return false
        }
        reserve(slot: slot, lineNodes: slotPlan.lineNodes)
        let candidateRequest = makeRequest(slot: candidate)
        guard case .planned(let candidatePlan) = plan(candidateRequest, explainFailure: false) else {
            releaseReservations(slot: slot)
            reserve(slot: candidate, lineNodes: previousLineNodes)
            return false
        }
        reserve(slot: candidate, lineNodes: candidatePlan.lineNodes)
        let candidateStatus = orders[candidate].keptStatus ?? orders[candidate].status
        let candidateReasons = orders[candidate].decision?.reviewReasons ?? []
        let slotOrderId = orders[slot].order.orderId
        let candidateOrderId = orders[candidate].order.orderId
        var candidateDecision = makeDecision(
            slot: candidate, plan: candidatePlan, request: candidateRequest, status: candidateStatus, reviewReasons: candidateReasons, now: now)
        candidateDecision.explanation.notes.append("moved to make room for \(slotOrderId)")
        orders[candidate].decision = candidateDecision

        computeMetrics(request)
        slotPlan.notes.append("filled by moving \(candidateOrderId)")
        let review = profiles[orders[slot].profile].review
        let kept = orders[slot].keptStatus
        let order = orders[slot].order
        let reasons = kept == nil ? Self.reviewReasons(order: order, plan: slotPlan, rules: review) : []
        let status = kept ?? (reasons.isEmpty ? .routed : .held)
        orders[slot].decision = makeDecision(
            slot: slot, plan: slotPlan, request: request, status: status, reviewReasons: reasons, now: now)
        orders[slot].status = status
        return true
    }
}
