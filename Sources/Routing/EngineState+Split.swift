extension EngineState {
    /// Splits an order across a rule's nodes: the cheapest pair first, then greedy cover with the fewest nodes.
    mutating func planSplit(rule: RoutingRule, ruleIndex: Int, request: PlanRequest, candidates: Bool = true) -> Plan? {
        scratch.eligible.removeAll(keepingCapacity: true)
        for node in 0..<nodes.count where selects(rule, node: node, request: request) && nodes.canTakeShipment(node) {
            scratch.eligible.append(node)
        }
        let eligible = scratch.eligible
        let lineCount = request.skuIndices.count
        if request.skuIndices.contains(where: { $0 < 0 }) || eligible.count < 2 { return nil }
        let penalty = request.weights.splitPenalty

        // Orders of up to 64 lines compare each pair by the lines its two nodes cover, one bit per line.
        let masks = lineCount <= 64 ? coverMasks(eligible: eligible, request: request) : nil
        let allLines: UInt64 = lineCount >= 64 ? ~0 : (1 << UInt64(lineCount)) - 1
        // A line no eligible node can ship whole leaves no split either.
        if let masks, masks.reduce(0, |) != allLines { return nil }
        var bestPair: (Int, Int)?
        var bestScore = Double.infinity
        var runnerUp = Double.infinity
        for first in 0..<eligible.count {
            let nodeA = eligible[first]
            for second in (first + 1)..<eligible.count {
                let nodeB = eligible[second]
                let score = scratch.score[nodeA] + scratch.score[nodeB] + penalty
                if score >= runnerUp { continue }
                if let masks {
                    guard masks[first] | masks[second] == allLines else { continue }
                } else {
                    guard covers(nodeA, nodeB, request: request) else { continue }
                }
                if score < bestScore {
                    runnerUp = bestScore
                    bestScore = score
                    bestPair = (nodeA, nodeB)
                } else {
                    runnerUp = score
                }
            }
        }
        if let (nodeA, nodeB) = bestPair {
            let (preferred, other) = scratch.score[nodeA] <= scratch.score[nodeB] ? (nodeA, nodeB) : (nodeB, nodeA)
            var lineNodes = Array(repeating: other, count: lineCount)
            for line in 0..<lineCount
            where stock.available(sku: request.skuIndices[line], node: preferred) >= request.quantities[line] {
                lineNodes[line] = preferred
            }
            let shipmentNodes = lineNodes.contains(other) && lineNodes.contains(preferred) ? distinct(lineNodes) : [lineNodes[0]]
            return Plan(
                ruleIndex: ruleIndex, lineNodes: lineNodes, shipmentNodes: shipmentNodes, score: bestScore,
                runnerUpScore: runnerUp.isFinite ? runnerUp : nil,
                candidates: candidates ? shipmentNodes.map { candidateScore(($0, scratch.score[$0])) } : [], excluded: .init(), notes: [])
        }
        return planGreedyCover(eligible: eligible, ruleIndex: ruleIndex, request: request, candidates: candidates)
    }

    /// Per eligible node, the lines it can ship whole, one bit per line.
    private func coverMasks(eligible: [Int], request: PlanRequest) -> [UInt64] {
        eligible.map { node in
            var mask: UInt64 = 0
            for line in 0..<request.skuIndices.count
            where stock.available(sku: request.skuIndices[line], node: node) >= request.quantities[line] {
                mask |= 1 << UInt64(line)
            }
            return mask
        }
    }

    /// Whether two nodes together can ship every line, each line whole from one of them.
    private func covers(_ nodeA: Int, _ nodeB: Int, request: PlanRequest) -> Bool {
        for line in 0..<request.skuIndices.count {
            let sku = request.skuIndices[line]
            let wanted = request.quantities[line]
            if stock.available(sku: sku, node: nodeA) < wanted && stock.available(sku: sku, node: nodeB) < wanted { return false }
        }
        return true
    }

    /// Greedy set cover: repeatedly takes the node that can ship the most remaining lines (cheaper on ties).
    private func planGreedyCover(eligible: [Int], ruleIndex: Int, request: PlanRequest, candidates: Bool) -> Plan? {
        let lineCount = request.skuIndices.count
        var lineNodes = Array(repeating: -1, count: lineCount)
        var shipmentNodes: [Int] = []
        var remaining = lineCount
        while remaining > 0 {
            var bestNode = -1
            var bestCovered = 0
            for node in eligible where !shipmentNodes.contains(node) {
                var covered = 0
                for line in 0..<lineCount where lineNodes[line] < 0
                && stock.available(sku: request.skuIndices[line], node: node) >= request.quantities[line] {
                    covered += 1
                }
                if covered > bestCovered || (covered == bestCovered && covered > 0 && scratch.score[node] < scratch.score[bestNode]) {
                    bestCovered = covered
                    bestNode = node
                }
            }
            guard bestNode >= 0 else { return nil }
            for line in 0..<lineCount where lineNodes[line] < 0
            && stock.available(sku: request.skuIndices[line], node: bestNode) >= request.quantities[line] {
                lineNodes[line] = bestNode
            }
            shipmentNodes.append(bestNode)
            remaining -= bestCovered
        }
        let score = shipmentNodes.reduce(0) { $0 + scratch.score[$1] } + request.weights.splitPenalty * Double(shipmentNodes.count - 1)
        return Plan(
            ruleIndex: ruleIndex, lineNodes: lineNodes, shipmentNodes: distinct(lineNodes), score: score, runnerUpScore: nil,
            candidates: candidates ? shipmentNodes.map { candidateScore(($0, scratch.score[$0])) } : [], excluded: .init(), notes: [])
    }

    /// The distinct values in order of first appearance.
    func distinct(_ values: [Int]) -> [Int] {
        var result: [Int] = []
        for value in values where !result.contains(value) { result.append(value) }
        return result
    }
}
