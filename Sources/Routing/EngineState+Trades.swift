import Foundation

extension EngineState {
    /// How many filled orders one wave's trades try to give up at most, so a hopeless wave stays fast.
    static let tradeTrialBudget = 2_000

    /// How many backordered orders one trade tries to fill with what the given-up order held.
    static let tradeFillsPerTrial = 16

    /// How many rounds of trades (each followed by chains of moves) one wave makes at most.
    static let tradeRounds = 4

    /// Fills more of the wave by trading: a filled order of the wave gives its units and node capacity back, and the
    /// trade stands when that fills at least two backordered orders of the same priority (the order given up is
    /// planned again afterwards, and is backordered only if nothing is left for it). One order holding units that
    /// several smaller orders need is what a wave planned one order at a time cannot undo by moving orders.
    ///
    /// Only orders of the wave change, held orders and orders a failover keeps are never given up, and a trade that
    /// fills fewer than two is rolled back.
    mutating func tradeForBackorders(wave: [Int], now: Date) {
        var budget = Self.tradeTrialBudget
        for _ in 0..<Self.tradeRounds {
            let before = waveOutcome(wave).backordered
            tradeRound(wave: wave, budget: &budget, now: now)
            guard waveOutcome(wave).backordered < before, budget > 0 else { return }
            fillThroughChains(wave: wave, now: now)
        }
    }

    /// One pass over the wave's filled orders, those holding most units that backordered orders wait for first.
    private mutating func tradeRound(wave: [Int], budget: inout Int, now: Date) {
        var waitingBySKU = Array(repeating: [Int](), count: stock.skuIds.count)
        var anyWaiting = false
        for slot in wave where orders[slot].status == .backordered && orders[slot].keptStatus == nil {
            for sku in Set(orders[slot].skuIndices) where sku >= 0 {
                waitingBySKU[sku].append(slot)
                anyWaiting = true
            }
        }
        guard anyWaiting else { return }
        // Each SKU's waiting orders in the order a trade tries them, so a trade reads only the first few.
        for sku in waitingBySKU.indices where waitingBySKU[sku].count > 1 {
            waitingBySKU[sku].sort { tradeOrder($0, before: $1) }
        }
        var candidates: [(slot: Int, wanted: Int)] = []
        for slot in wave where orders[slot].status == .routed && orders[slot].keptStatus == nil {
            var wanted = 0
            for line in 0..<orders[slot].skuIndices.count {
                let sku = orders[slot].skuIndices[line]
                if sku >= 0 && !waitingBySKU[sku].isEmpty { wanted += orders[slot].quantities[line] }
            }
            if wanted > 0 { candidates.append((slot, wanted)) }
        }
        candidates.sort { $0.wanted != $1.wanted ? $0.wanted > $1.wanted : $0.slot < $1.slot }
        for candidate in candidates where budget > 0 && orders[candidate.slot].status == .routed {
            let given = candidate.slot
            let waiting = waitingOrders(for: given, waitingBySKU: waitingBySKU)
            guard waiting.count >= 2 else { continue }
            budget -= 1
            _ = trade(given, for: waiting, now: now)
        }
    }

    /// Backordered orders of the same priority that wait for a SKU the order holds: fewest lines, then fewest units
    /// first (the most orders for the units), at most ``tradeFillsPerTrial``.
    private func waitingOrders(for given: Int, waitingBySKU: [[Int]]) -> [Int] {
        let priority = orders[given].order.priority
        var waiting: [Int] = []
        for sku in orders[given].skuIndices where sku >= 0 {
            var taken = 0
            for slot in waitingBySKU[sku] {
                if taken == Self.tradeFillsPerTrial { break }
                guard orders[slot].status == .backordered, orders[slot].order.priority == priority else { continue }
                taken += 1
                if !waiting.contains(slot) { waiting.append(slot) }
            }
        }
        waiting.sort { tradeOrder($0, before: $1) }
        return Array(waiting.prefix(Self.tradeFillsPerTrial))
    }

    /// The order trades try waiting orders in: fewest lines, then fewest units, then arrival.
    private func tradeOrder(_ a: Int, before b: Int) -> Bool {
        let (linesA, linesB) = (orders[a].skuIndices.count, orders[b].skuIndices.count)
        if linesA != linesB { return linesA < linesB }
        let (unitsA, unitsB) = (orders[a].quantities.reduce(0, +), orders[b].quantities.reduce(0, +))
        return unitsA != unitsB ? unitsA < unitsB : a < b
    }

    /// Releases `given`, plans the waiting orders in turn, and keeps the result when at least two of them fill; then
    /// plans `given` again. Otherwise everything is rolled back. True when the trade stands.
    private mutating func trade(_ given: Int, for waiting: [Int], now: Date) -> Bool {
        let previous = orders[given].lineNodes
        releaseReservations(slot: given)
        var filled: [Int] = []
        for slot in waiting {
            guard case .planned(let plan) = plan(makeRequest(slot: slot)) else { continue }
            reserve(slot: slot, lineNodes: plan.lineNodes)
            filled.append(slot)
        }
        for slot in filled.reversed() { releaseReservations(slot: slot) }
        guard filled.count >= 2 else {
            reserve(slot: given, lineNodes: previous)
            return false
        }
        // The same plans again from the same state, now with their decisions.
        let givenOrderId = orders[given].order.orderId
        for slot in filled {
            _ = settle(slot: slot, keepStatus: nil, now: now)
            orders[slot].decision?.explanation.notes.append("filled with units \(givenOrderId) gave back")
        }
        let decision = settle(slot: given, keepStatus: nil, now: now)
        if decision.status == .backordered {
            let names = filled.map { orders[$0].order.orderId }.joined(separator: ", ")
            orders[given].decision?.explanation.notes.append("gave its units back to fill \(filled.count) orders: \(names)")
        }
        return true
    }
}
