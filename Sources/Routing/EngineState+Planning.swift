import Foundation

/// The outcome of planning one order.
enum PlanOutcome {
    case planned(Plan)
    case failed(PlanFailure)
}

extension EngineState {
    /// Fills the per-node distance, money and score scratch arrays for one request.
    mutating func computeMetrics(_ request: PlanRequest) {
        let weights = request.weights
        let latitude = (request.destination?.lat ?? 0) * GeoPoint.radiansPerDegree
        let longitude = (request.destination?.lon ?? 0) * GeoPoint.radiansPerDegree
        let cosLatitude = cos(latitude)
        let hasDestination = request.destination != nil
        let cachedOffset = waveDistanceOffset ?? request.waveDistanceOffset
        for node in 0..<nodes.count {
            let distance: Double
            if let cachedOffset {
                distance = waveDistances[cachedOffset + node]
            } else if hasDestination {
                distance = GeoPoint.haversineKm(
                    latitude1: nodes.latitudeRadians[node], longitude1: nodes.longitudeRadians[node], cosLatitude1: nodes.cosLatitude[node],
                    latitude2: latitude, longitude2: longitude, cosLatitude2: cosLatitude)
            } else {
                distance = 0
            }
            let carrier = nodes.costPerKm[node] * distance
            // Rounded half away from zero, as `rounded()` does, without a library call on this hot path.
            let money = nodes.costPerShipment[node] + (carrier >= 0 ? Int64(carrier + 0.5) : Int64(carrier.rounded()))
            var score = weights.cost * Double(money) + weights.distancePerKm * distance
            score += weights.load * Double(nodes.loads[node]) / Double(max(1, nodes.capacities[node]))
            if nodes.statuses[node] == .degraded { score += weights.degradedPenalty }
            if !capacityPrices.isEmpty { score += capacityPrices[node] }
            scratch.distanceKm[node] = distance
            scratch.money[node] = money
            scratch.score[node] = score
        }
    }

    /// Whether a rule's candidate set contains the node.
    func selects(_ rule: RoutingRule, node: Int, request: PlanRequest) -> Bool {
        switch rule.select {
        case .pickupStore:
            return node == request.pickupNode
        case .sameCityStore:
            guard nodes.kinds[node] == .store else { return false }
            if let city = request.destinationCity, nodes.cityKeys[node] == city { return true }
            return rule.radiusKm > 0 && request.destination != nil && scratch.distanceKm[node] <= rule.radiusKm
        case .warehouses:
            return nodes.kinds[node] == .warehouse
        case .stores:
            return nodes.kinds[node] == .store
        case .anyNode:
            return true
        }
    }

    /// Whether the node has every line's full quantity available.
    @inline(__always)
    func fillsAll(node: Int, request: PlanRequest) -> Bool {
        for line in 0..<request.skuIndices.count {
            let sku = request.skuIndices[line]
            if sku < 0 || stock.available(sku: sku, node: node) < request.quantities[line] { return false }
        }
        return true
    }

    /// Plans an order: the first applicable rule whose nodes can fill it decides; splits only where the rule allows.
    /// Without `explainFailure`, a failure carries no reason or notes (for trials that only ask whether it fits); without
    /// `candidates`, a plan carries no candidate scores or notes (for trials that keep only its nodes and score).
    mutating func plan(_ request: PlanRequest, explainFailure: Bool = true, candidates: Bool = true) -> PlanOutcome {
        computeMetrics(request)
        // Rules that could not fill it, described only when the outcome is shown.
        var failedRules: [(rule: Int, excluded: ExclusionCounts)] = []
        var notes: [String] {
            failedRules.map { "\(policy.rules[$0.rule].name): no node could fill the order\(describe($0.excluded))" }
        }
        var lastExcluded = ExclusionCounts()
        let explainTop = candidates ? policy.explainTop : 0
        for (ruleIndex, rule) in policy.rules.enumerated()
        where rule.applies(mode: request.mode, channel: request.channel, priority: request.priority) {
            var down = 0, atCapacity = 0, short = 0, noPickup = 0
            var best = -1
            var bestScore = Double.infinity
            var runnerUp = Double.infinity
            var top: [(node: Int, score: Double)] = []
            for node in 0..<nodes.count where selects(rule, node: node, request: request) {
                if nodes.statuses[node] == .down { down += 1; continue }
                if rule.select == .pickupStore && !nodes.supportsPickup[node] { noPickup += 1; continue }
                if nodes.loads[node] >= nodes.capacities[node] { atCapacity += 1; continue }
                if !fillsAll(node: node, request: request) { short += 1; continue }
                let score = scratch.score[node]
                if score < bestScore {
                    runnerUp = bestScore
                    bestScore = score
                    best = node
                } else if score < runnerUp {
                    runnerUp = score
                }
                if explainTop > 0 { insert((node, score), into: &top, limit: explainTop) }
            }
            let excluded = ExclusionCounts(down: down, atCapacity: atCapacity, shortOfStock: short, noPickup: noPickup)
            if best >= 0 {
                return .planned(Plan(
                    ruleIndex: ruleIndex, lineNodes: Array(repeating: best, count: request.skuIndices.count), shipmentNodes: [best],
                    score: bestScore, runnerUpScore: runnerUp.isFinite ? runnerUp : nil,
                    candidates: candidateScores(top), excluded: excluded, notes: candidates ? notes : []))
            }
            if rule.allowSplit, var split = planSplit(rule: rule, ruleIndex: ruleIndex, request: request, candidates: candidates) {
                split.excluded = excluded
                split.notes = candidates ? notes : []
                return .planned(split)
            }
            failedRules.append((ruleIndex, excluded))
            lastExcluded = excluded
        }
        guard explainFailure else { return .failed(PlanFailure(reason: "", excluded: lastExcluded, notes: [])) }
        return .failed(PlanFailure(reason: unfilledReason(request), excluded: lastExcluded, notes: notes))
    }

    private func insert(_ entry: (node: Int, score: Double), into top: inout [(node: Int, score: Double)], limit: Int) {
        if top.count == limit, let last = top.last, last.score <= entry.score { return }
        var position = top.count
        while position > 0 && top[position - 1].score > entry.score { position -= 1 }
        top.insert(entry, at: position)
        if top.count > limit { top.removeLast() }
    }

    /// Public candidate scores for (node, score) pairs, in the given order.
    func candidateScores(_ entries: [(node: Int, score: Double)]) -> [CandidateScore] {
        var scores: [CandidateScore] = []
        scores.reserveCapacity(entries.count)
        for entry in entries { scores.append(candidateScore(entry)) }
        return scores
    }

    func candidateScore(_ entry: (node: Int, score: Double)) -> CandidateScore {
        CandidateScore(
            nodeId: nodes.ids[entry.node], score: entry.score, cost: scratch.money[entry.node],
            distanceKm: scratch.distanceKm[entry.node])
    }

    private func describe(_ excluded: ExclusionCounts) -> String {
        excluded.isEmpty ? " (no candidate nodes)" : " (\(excluded.summary))"
    }

    /// Why no node can fill the order, line by line.
    func unfilledReason(_ request: PlanRequest) -> String {
        var reasons: [String] = []
        for line in 0..<request.skuIndices.count {
            let sku = request.skuIndices[line]
            let wanted = request.quantities[line]
            guard sku >= 0 else {
                reasons.append("\(request.lines[line].sku) is stocked nowhere")
                continue
            }
            var mostAtOneNode = 0
            var anyWithCapacity = false
            for node in 0..<nodes.count where nodes.statuses[node] != .down {
                let available = stock.available(sku: sku, node: node)
                mostAtOneNode = max(mostAtOneNode, available)
                if available >= wanted && nodes.loads[node] < nodes.capacities[node] { anyWithCapacity = true }
            }
            if mostAtOneNode < wanted {
                reasons.append("\(request.lines[line].sku): \(wanted) wanted, at most \(mostAtOneNode) available at one node")
            } else if !anyWithCapacity {
                reasons.append("\(request.lines[line].sku): every node with \(wanted) available is at capacity")
            }
        }
        if reasons.isEmpty { return "no rule's nodes can fill the order together" }
        return reasons.joined(separator: "; ")
    }
}
