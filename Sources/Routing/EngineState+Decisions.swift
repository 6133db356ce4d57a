import Foundation

extension EngineState {
    /// Builds the public decision for a reserved plan (the scratch metrics must be this order's).
    func makeDecision(slot: Int, plan: Plan, request: PlanRequest, status: RoutingStatus, reviewReasons: [String], now: Date) -> RoutingDecision {
        let order = orders[slot].order
        let shipments = shipments(slot: slot, shipmentNodes: plan.shipmentNodes)
        let rule = policy.rules[plan.ruleIndex]
        let promise = makePromise(
            mode: order.fulfilment.kind, rule: rule, shipmentNodes: plan.shipmentNodes, pickupNode: request.pickupNode, now: now)
        return RoutingDecision(
            orderId: order.orderId, tenant: order.tenant, channel: order.channel, status: status, mode: order.fulfilment.kind,
            shipments: shipments, promise: promise, totalCost: shipments.reduce(0) { $0 + $1.cost },
            totalDistanceKm: shipments.reduce(0) { $0 + $1.distanceKm }, score: plan.score,
            explanation: RoutingExplanation(decidingRule: rule.name, candidates: plan.candidates, excluded: plan.excluded, notes: plan.notes),
            reviewReasons: reviewReasons, policy: policyLabel)
    }

    /// The shipments of an order's current reservation, one per node in line order.
    func shipments(slot: Int, shipmentNodes: [Int]) -> [PlannedShipment] {
        let lineNodes = orders[slot].lineNodes
        let orderLines = orders[slot].order.lines
        return shipmentNodes.map { node in
            var lines: [OrderLine] = []
            for line in 0..<lineNodes.count where lineNodes[line] == node { lines.append(orderLines[line]) }
            return PlannedShipment(
                nodeId: nodes.ids[node], nodeKind: nodes.kinds[node], lines: lines, cost: scratch.money[node],
                distanceKm: scratch.distanceKm[node])
        }
    }

    /// The decision for an order no node can fill.
    func makeBackorderDecision(slot: Int, failure: PlanFailure) -> RoutingDecision {
        let order = orders[slot].order
        return RoutingDecision(
            orderId: order.orderId, tenant: order.tenant, channel: order.channel, status: .backordered, mode: order.fulfilment.kind,
            shipments: [], promise: nil, totalCost: 0, totalDistanceKm: 0, score: 0,
            explanation: RoutingExplanation(decidingRule: nil, candidates: [], excluded: failure.excluded, notes: failure.notes),
            backorderReason: failure.reason, policy: policyLabel)
    }

    /// The review rules a plan matches, in words; empty means release it.
    static func reviewReasons(order: RoutingOrder, plan: Plan, rules: ReviewRules) -> [String] {
        var reasons: [String] = []
        if let limit = rules.orderTotalAbove, order.orderTotal > limit {
            reasons.append("order total \(order.orderTotal) above \(limit)")
        }
        if let limit = rules.shipmentsAbove, plan.shipmentNodes.count > limit {
            reasons.append("\(plan.shipmentNodes.count) shipments, more than \(limit)")
        }
        if let margin = rules.scoreMarginBelow, let runnerUp = plan.runnerUpScore, runnerUp - plan.score < margin {
            let gap = (runnerUp - plan.score).formatted2
            reasons.append("best and second-best scores \(gap) apart, closer than \(margin.formatted2)")
        }
        return reasons
    }
}

extension Double {
    /// The value with at most two decimals, for messages.
    var formatted2: String {
        let rounded = (self * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
