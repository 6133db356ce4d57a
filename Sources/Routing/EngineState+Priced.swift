import Foundation

extension EngineState {
    /// How many times a priced plan raises its prices and plans the wave again at most.
    static let pricedRounds = 6

    /// What a shipment from a priced node costs more, in mean filled-order scores of the wave: enough to move every
    /// order that has another node.
    static let capacityPrice = 1.5

    /// The plan made by pricing capacity, nil when no node was priced: the nodes that the plan left full, and that
    /// backordered orders needed, cost `price` more per shipment, and the wave is planned again, so that orders with
    /// another node go there and the full nodes' capacity is left to the orders only they can fill. Each round prices
    /// the nodes the last plan left full on top of the earlier prices; the round with fewest backorders is kept.
    func pricedPlan(wave: [Int], price: Double, now: Date) -> EngineState? {
        var prices = Array(repeating: 0.0, count: nodes.count)
        var best: (state: EngineState, backordered: Int)?
        var previous = Int.max
        var state = self
        for _ in 0..<Self.pricedRounds {
            let earlier = prices
            guard state.raise(&prices, by: price, wave: wave) else { break }
            // Each round starts from the last plan: the orders at newly priced nodes and the backordered ones are
            // planned again, as a wave of their own; then the whole wave's positions and distances are put back.
            var again: [Int] = []
            for slot in wave {
                if state.orders[slot].status == .backordered {
                    again.append(slot)
                } else if state.orders[slot].status.holdsReservations, state.orders[slot].lineNodes.contains(where: { prices[$0] > earlier[$0] }) {
                    state.releaseReservations(slot: slot)
                    again.append(slot)
                }
            }
            let distances = state.waveDistances
            state.capacityPrices = prices
            state.settleWave(again, now: now)
            state.waveDistances = distances
            for (position, slot) in wave.enumerated() { state.orders[slot].wavePosition = position }
            state.capacityPrices = []
            state.pricedSlots.formUnion(again)
            state.repairBackorders(in: wave, now: now)
            state.fillThroughChains(wave: wave, now: now)
            state.tradeForBackorders(wave: wave, now: now)
            let backordered = state.waveOutcome(wave).backordered
            if backordered < best?.backordered ?? Int.max { best = (state, backordered) }
            // A round that left as many backorders as the one before ends the line.
            if backordered >= previous { break }
            previous = backordered
        }
        return best?.state
    }

    /// Rebuilds the decisions of the orders a priced plan placed, without the prices, once it is the plan kept.
    mutating func unpriceDecisions(now: Date) {
        for slot in pricedSlots.sorted() where orders[slot].status.holdsReservations {
            refreshDecision(slot: slot, keepStatus: orders[slot].keptStatus, now: now)
        }
        pricedSlots = []
    }

    /// Adds `price` to every node that is full and holds stock a backordered wave order needs; false when none is.
    private func raise(_ prices: inout [Double], by price: Double, wave: [Int]) -> Bool {
        var raised = Array(repeating: false, count: nodes.count)
        for slot in wave where orders[slot].status == .backordered {
            let skuIndices = orders[slot].skuIndices
            for node in 0..<nodes.count where !raised[node] && nodes.statuses[node] != .down && nodes.loads[node] >= nodes.capacities[node] {
                if skuIndices.contains(where: { $0 >= 0 && stock.available(sku: $0, node: node) > 0 }) { raised[node] = true }
            }
        }
        for node in 0..<nodes.count where raised[node] { prices[node] += price }
        return raised.contains(true)
    }
}
