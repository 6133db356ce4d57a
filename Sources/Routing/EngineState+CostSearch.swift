extension EngineState {
    /// How many steps the search for cheaper plans makes after the search for fills, per order of the wave, at most
    /// (and never more than half the steps of the search for fills).
    static let costSearchStepsPerOrder = 10

    /// How many steps in a row that find nothing cheaper end the search for cheaper plans, per order of the wave.
    static let costSearchStallPerOrder = 3

    /// How many other routed orders one step of the search for cheaper plans takes apart at most.
    static let costSearchRuinLimit = 8

    /// Makes the plan the search for fills left cheaper without filling fewer. Steps that keep the fill count let the
    /// search for fills drift to dearer plans; here each step takes a routed order and a few routed orders holding
    /// room or units at nodes that would ship it for less than its dearest shipment, plans them again in a random order
    /// at plain scores, and stands only when all of them are filled again and cost less in all.
    mutating func runCostSearch(wave: [Int], steps limit: Int, log: inout FillSearchLog) {
        capacityPrices = []
        let routed = wave.filter { isCostSearchable($0) }
        guard !routed.isEmpty else { return }
        let steps = min(limit / 2, Self.costSearchStepsPerOrder * wave.count)
        let stall = max(1, Self.costSearchStallPerOrder * wave.count)
        var stalled = 0
        for _ in 0..<steps where stalled < stall {
            let seed = routed[Int.random(in: 0..<routed.count, using: &log.random)]
            guard isCostSearchable(seed) else { stalled += 1; continue }
            stalled = costStep(from: seed, log: &log) ? 0 : stalled + 1
        }
    }

    /// A routed order of the wave that no failover keeps.
    private func isCostSearchable(_ slot: Int) -> Bool {
        inCurrentWave(slot) && orders[slot].keptStatus == nil && orders[slot].status == .routed
    }

    /// One step from a routed order; true when it stood (the orders it planned again cost less and fill no fewer).
    private mutating func costStep(from seed: Int, log: inout FillSearchLog) -> Bool {
        let request = makeRequest(slot: seed)
        let seedScore = currentScore(seed, request: request)
        // Nodes that would ship one of the seed's shipments for less than its dearest one now.
        let shipping = distinctNodes(ofSlot: seed)
        let dearest = shipping.map { scratch.score[$0] }.max() ?? 0
        var cheaper: [Int] = []
        for node in 0..<nodes.count where nodes.statuses[node] != .down && scratch.score[node] < dearest && !shipping.contains(node) {
            cheaper.append(node)
        }
        guard !cheaper.isEmpty else { return false }
        let priority = orders[seed].order.priority
        let wanted = Int.random(in: 1...Self.costSearchRuinLimit, using: &log.random)
        var affected = [seed]
        var tries = wanted * 6
        while affected.count <= wanted && tries > 0 {
            tries -= 1
            let node = cheaper[Int.random(in: 0..<cheaper.count, using: &log.random)]
            let count = ordersByNode[node].count
            guard count > 0 else { continue }
            let slot = ordersByNode[node][Int.random(in: 0..<count, using: &log.random)]
            guard !affected.contains(slot), isCostSearchable(slot), orders[slot].order.priority == priority,
                  orders[slot].lineNodes.contains(node) else { continue }
            affected.append(slot)
        }
        var before = seedScore
        var previous: [[Int]] = [orders[seed].lineNodes]
        for slot in affected.dropFirst() {
            before += currentScore(slot)
            previous.append(orders[slot].lineNodes)
        }
        for slot in affected {
            log.touch(slot, in: self)
            releaseReservations(slot: slot)
        }
        var sequence = affected
        sequence.shuffle(using: &log.random)
        var after = 0.0
        var failed = false
        for slot in sequence {
            if case .planned(let plan) = plan(makeRequest(slot: slot), explainFailure: false, candidates: false) {
                reserve(slot: slot, lineNodes: plan.lineNodes)
                after += currentScore(slot)
            } else {
                failed = true
                break
            }
        }
        if !failed && after < before - 1e-6 { return true }
        // Roll back: orders planned again give their new plans up (the rest hold nothing), then all take the old ones.
        for slot in affected where orders[slot].lineNodes.contains(where: { $0 >= 0 }) { releaseReservations(slot: slot) }
        for (slot, lineNodes) in zip(affected, previous) {
            reserve(slot: slot, lineNodes: lineNodes)
            orders[slot].status = .routed
        }
        return false
    }
}
