import Foundation

extension EngineState {
    /// Releases a held order as decided and audits the approval.
    mutating func approve(orderId: String, actor: String, now: Date) throws -> ReviewOutcome {
        let slot = try slot(of: orderId)
        guard orders[slot].status == .held, var decision = orders[slot].decision else {
            throw RoutingError(.invalidState, "order '\(orderId)' is \(orders[slot].status.rawValue), not held")
        }
        decision.status = .routed
        orders[slot].status = .routed
        orders[slot].decision = decision
        let record = OverrideAuditRecord(
            orderId: orderId, action: "approve", actor: actor, at: now, beforeNodeIds: decision.nodeIds, afterNodeIds: decision.nodeIds,
            reason: nil)
        audit.append(record)
        return ReviewOutcome(decision: decision, audit: record, reroute: nil)
    }

    /// Moves an open order to the given nodes (each line to the first of them with stock), releases it and audits the change.
    mutating func override(orderId: String, to nodeIds: [String], actor: String, reason: String?, now: Date) throws -> ReviewOutcome {
        let slot = try slot(of: orderId)
        guard orders[slot].status.holdsReservations, let previous = orders[slot].decision else {
            throw RoutingError(.invalidState, "order '\(orderId)' is \(orders[slot].status.rawValue); only routed or held orders can be overridden")
        }
        guard !nodeIds.isEmpty else { throw RoutingError(.overrideInfeasible, "an override names at least one node") }
        let targets = try nodeIds.map { try nodeIndex($0) }
        if let down = targets.first(where: { nodes.statuses[$0] == .down }) {
            throw RoutingError(.overrideInfeasible, "node '\(nodes.ids[down])' is down")
        }
        let oldLineNodes = orders[slot].lineNodes
        releaseReservations(slot: slot)
        var lineNodes: [Int] = []
        for line in 0..<orders[slot].skuIndices.count {
            let sku = orders[slot].skuIndices[line]
            let wanted = orders[slot].quantities[line]
            guard sku >= 0, let node = targets.first(where: { stock.available(sku: sku, node: $0) >= wanted }) else {
                reserve(slot: slot, lineNodes: oldLineNodes)
                let name = orders[slot].order.lines[line].sku
                throw RoutingError(.overrideInfeasible, "none of \(nodeIds.joined(separator: ", ")) has \(wanted) × \(name) available")
            }
            lineNodes.append(node)
        }
        reserve(slot: slot, lineNodes: lineNodes)
        let request = makeRequest(slot: slot)
        computeMetrics(request)
        let shipmentNodes = distinct(lineNodes)
        let shipments = shipments(slot: slot, shipmentNodes: shipmentNodes)
        let note = "override by \(actor)" + (reason.map { ": \($0)" } ?? "")
        let ruleForPromise = RoutingRule(name: "override", select: shipmentNodes.allSatisfy { nodes.kinds[$0] == .store } ? .stores : .anyNode)
        var decision = previous
        decision.status = .routed
        decision.shipments = shipments
        decision.promise = makePromise(
            mode: request.mode, rule: ruleForPromise, shipmentNodes: shipmentNodes, pickupNode: request.pickupNode, now: now)
        decision.totalCost = shipments.reduce(0) { $0 + $1.cost }
        decision.totalDistanceKm = shipments.reduce(0) { $0 + $1.distanceKm }
        decision.score = shipmentNodes.reduce(0) { $0 + scratch.score[$1] } + request.weights.splitPenalty * Double(shipmentNodes.count - 1)
        decision.explanation = RoutingExplanation(
            decidingRule: "override", candidates: shipmentNodes.map { candidateScore(($0, scratch.score[$0])) },
            notes: previous.explanation.notes + [note])
        decision.reviewReasons = []
        orders[slot].status = .routed
        orders[slot].decision = decision
        let record = OverrideAuditRecord(
            orderId: orderId, action: "override", actor: actor, at: now, beforeNodeIds: previous.nodeIds,
            afterNodeIds: decision.nodeIds, reason: reason)
        audit.append(record)
        let reroute = RerouteResult(
            orderId: orderId, previousNodeIds: previous.nodeIds, previousPromise: previous.promise, trigger: note, decision: decision)
        return ReviewOutcome(decision: decision, audit: record, reroute: reroute)
    }
}
