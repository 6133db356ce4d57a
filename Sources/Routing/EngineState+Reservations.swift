import Foundation

extension EngineState {
    /// Reserves every line at its node, counts one load per shipment and indexes the order by node.
    mutating func reserve(slot: Int, lineNodes: [Int]) {
        orders[slot].lineNodes = lineNodes
        let skuIndices = orders[slot].skuIndices
        let quantities = orders[slot].quantities
        for line in 0..<lineNodes.count {
            stock.reserve(sku: skuIndices[line], node: lineNodes[line], quantity: quantities[line])
        }
        for (position, node) in lineNodes.enumerated() where !lineNodes[..<position].contains(node) {
            nodes.loads[node] += 1
            ordersByNode[node].append(slot)
            if ordersByNode[node].count > ordersByNodeSweepAt[node] { sweepOrderIndex(node: node) }
        }
    }

    /// Releases every reserved line of an order and its load; the order keeps its lines.
    mutating func releaseReservations(slot: Int) {
        let lineNodes = orders[slot].lineNodes
        let skuIndices = orders[slot].skuIndices
        let quantities = orders[slot].quantities
        for line in 0..<lineNodes.count where lineNodes[line] >= 0 {
            stock.release(sku: skuIndices[line], node: lineNodes[line], quantity: quantities[line])
        }
        for (position, node) in lineNodes.enumerated() where node >= 0 && !lineNodes[..<position].contains(node) {
            nodes.loads[node] = max(0, nodes.loads[node] - 1)
        }
        for line in 0..<lineNodes.count { orders[slot].lineNodes[line] = -1 }
    }

    /// Plans and reserves (or backorders) an order, keeping `keepStatus` instead of reviewing when given.
    mutating func settle(slot: Int, keepStatus: RoutingStatus?, now: Date) -> RoutingDecision {
        let request = makeRequest(slot: slot)
        let outcome = plan(request)
        let decision: RoutingDecision
        switch outcome {
        case .planned(let plan):
            reserve(slot: slot, lineNodes: plan.lineNodes)
            let review = profiles[orders[slot].profile].review
            let order = orders[slot].order
            let reasons = keepStatus == nil ? Self.reviewReasons(order: order, plan: plan, rules: review) : []
            let status = keepStatus ?? (reasons.isEmpty ? .routed : .held)
            decision = makeDecision(slot: slot, plan: plan, request: request, status: status, reviewReasons: reasons, now: now)
        case .failed(let failure):
            backorderSlots.append(slot)
            decision = makeBackorderDecision(slot: slot, failure: failure)
        }
        orders[slot].status = decision.status
        orders[slot].decision = decision
        return decision
    }

    /// The planning inputs for a stored order.
    func makeRequest(slot: Int) -> PlanRequest {
        // Fields are read in place: copying the whole order would retain each of its strings, on the search's hot path.
        var pickupNode: Int?
        var destination = orders[slot].order.shipTo?.location
        var destinationCity = orders[slot].cityKey
        if case .pickup(let storeId) = orders[slot].order.fulfilment, let store = nodes.indexById[storeId] {
            pickupNode = store
            destination = nodes.locations[store]
            destinationCity = nodes.cityKeys[store]
        }
        return PlanRequest(
            lines: orders[slot].order.lines, skuIndices: orders[slot].skuIndices, quantities: orders[slot].quantities,
            mode: orders[slot].order.fulfilment.kind, channel: orders[slot].order.channel, priority: orders[slot].order.priority,
            pickupNode: pickupNode,
            destination: destination, destinationCity: destinationCity,
            weights: profiles[orders[slot].profile].weights,
            waveDistanceOffset: inCurrentWave(slot) && !waveDistances.isEmpty ? orders[slot].wavePosition * nodes.count : nil)
    }
}
