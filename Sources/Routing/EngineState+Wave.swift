import Foundation

extension EngineState {
    /// Routes a batch as one wave; results come back in input order.
    mutating func routeWave(_ batch: [RoutingOrder], now: Date) -> [Result<RoutingDecision, RoutingError>] {
        var results: [Result<RoutingDecision, RoutingError>?] = Array(repeating: nil, count: batch.count)
        var admitted: [(slot: Int, position: Int)] = []
        admitted.reserveCapacity(batch.count)
        for (position, order) in batch.enumerated() {
            do {
                admitted.append((try admit(order), position))
            } catch let error as RoutingError {
                results[position] = .failure(error)
            } catch {
                results[position] = .failure(RoutingError(.invalidOrder, "\(error)"))
            }
        }
        let slots = admitted.map(\.slot)
        startWave(slots)
        settleWave(slots, now: now)
        repairBackorders(in: slots, now: now)
        replanContested(wave: slots, now: now)
        searchForFills(wave: slots, now: now)
        improve(wave: slots, now: now)
        endWave(slots)
        for (slot, position) in admitted {
            if let decision = orders[slot].decision { results[position] = .success(decision) }
        }
        return results.map { $0 ?? .failure(RoutingError(.invalidOrder, "not routed")) }
    }

    /// Marks the orders of a new wave.
    mutating func startWave(_ slots: [Int]) {
        waveCounter += 1
        for slot in slots { orders[slot].waveMark = waveCounter }
    }

    /// Forgets wave-only state: kept statuses and cached distances.
    mutating func endWave(_ slots: [Int]) {
        for slot in slots { orders[slot].keptStatus = nil }
        waveDistances = []
        waveDistanceOffset = nil
    }

    /// Plans every order of a wave in ``waveOrder(_:)`` order, reusing the distances computed for the ordering.
    mutating func settleWave(_ slots: [Int], scarce: [Bool]? = nil, sequence: WaveSequence = .fewestOptionsFirst, now: Date) {
        let ordering = waveOrder(slots, scarce: scarce, sequence: sequence)
        for (slot, position) in ordering {
            waveDistanceOffset = position * nodes.count
            _ = settle(slot: slot, keepStatus: orders[slot].keptStatus, now: now)
        }
        waveDistanceOffset = nil
    }

    /// The order in which a wave is planned. When the wave asks for more units of some SKUs than the network has, the
    /// orders needing fewest of those scarce units go first, so as many orders as possible are filled. Then the
    /// orders fewest nodes can fill alone, then those that lose most if their best node is taken (largest gap
    /// between best and second-best score), then arrival order.
    /// `sequence` picks another order: arrival (as when routed one at a time) or orders with fewest lines first.
    /// Returns each slot with its position in `slots`; fills ``waveDistances`` by position.
    mutating func waveOrder(_ slots: [Int], scarce given: [Bool]? = nil, sequence: WaveSequence = .fewestOptionsFirst) -> [(slot: Int, position: Int)] {
        waveDistanceOffset = nil
        // A wave planned again keeps the distances computed the first time: the orders and their positions are the same.
        let reuse = waveDistances.count == slots.count * nodes.count
            && slots.indices.allSatisfy { orders[slots[$0]].wavePosition == $0 && inCurrentWave(slots[$0]) }
        if sequence == .arrival && reuse { return slots.enumerated().map { ($1, $0) } }
        let scarce = given ?? scarceSKUs(slots)
        // `lead` is the first sort key: scarce units, or lines for `.smallestFirst`.
        var keys: [(slot: Int, position: Int, lead: Int, options: Int, regret: Double)] = []
        keys.reserveCapacity(slots.count)
        if !reuse {
            waveDistances = []
            waveDistances.reserveCapacity(slots.count * nodes.count)
        }
        for (position, slot) in slots.enumerated() {
            orders[slot].wavePosition = position
            var request = makeRequest(slot: slot)
            if !reuse {
                request.waveDistanceOffset = nil  // this row is being computed now
            }
            computeMetrics(request)
            if !reuse { waveDistances.append(contentsOf: scratch.distanceKm) }
            var options = 0
            var best = Double.infinity
            var second = Double.infinity
            for node in 0..<nodes.count where nodes.canTakeShipment(node) && fillsAll(node: node, request: request) {
                options += 1
                let score = scratch.score[node]
                if score < best {
                    second = best
                    best = score
                } else if score < second {
                    second = score
                }
            }
            let regret = options == 0 ? Double.infinity : (second.isFinite ? second - best : 1e12)
            var scarceUnits = 0
            if !scarce.isEmpty {
                for line in 0..<request.skuIndices.count where request.skuIndices[line] >= 0 && scarce[request.skuIndices[line]] {
                    scarceUnits += request.quantities[line]
                }
            }
            keys.append((slot, position, scarceUnits, options, regret))
        }
        if sequence == .arrival { return keys.map { ($0.slot, $0.position) } }
        if sequence == .smallestFirst {
            for index in keys.indices { keys[index].lead = orders[keys[index].slot].skuIndices.count }
        }
        keys.sort { left, right in
            if left.lead != right.lead { return left.lead < right.lead }
            if left.options != right.options { return left.options < right.options }
            if left.regret != right.regret { return left.regret > right.regret }
            return left.slot < right.slot
        }
        return keys.map { ($0.slot, $0.position) }
    }

    /// Per SKU index, whether the wave asks for more units than the nodes that are not down have available; empty
    /// when no SKU is short.
    func scarceSKUs(_ slots: [Int]) -> [Bool] {
        var wanted: [Int: Int] = [:]
        for slot in slots {
            let skuIndices = orders[slot].skuIndices
            let quantities = orders[slot].quantities
            for line in 0..<skuIndices.count where skuIndices[line] >= 0 { wanted[skuIndices[line], default: 0] += quantities[line] }
        }
        var scarce: [Bool] = []
        for (sku, units) in wanted {
            var available = 0
            for node in 0..<nodes.count where nodes.statuses[node] != .down { available += stock.available(sku: sku, node: node) }
            guard units > available else { continue }
            if scarce.isEmpty { scarce = Array(repeating: false, count: stock.skuIds.count) }
            scarce[sku] = true
        }
        return scarce
    }
}

/// The order in which a wave's orders are planned.
enum WaveSequence {
    /// Scarce units, then fewest nodes that can fill the order alone, then largest regret.
    case fewestOptionsFirst
    /// The order the batch arrived in, as when orders are routed one at a time.
    case arrival
    /// Orders with fewest lines first, so the most orders fit when node capacity binds.
    case smallestFirst
}
