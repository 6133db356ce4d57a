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
    /// Each round trades for units first, then for room at full nodes: an order whose shipment takes the last room at
    /// a node that has units for backordered orders gives it back. That stands when it fills two or more (an order
    /// shipping from two such nodes frees room for two), and also when it fills one order of fewer lines or units, or
    /// one as small that arrived earlier: the fill count stays, and what the smaller order leaves lets later trades
    /// and chains fill more. Each such trade moves the filled set toward smaller and earlier orders, so they end.
    ///
    /// Only orders of the wave change, held orders and orders a failover keeps are never given up, and any other
    /// trade is rolled back.
    mutating func tradeForBackorders(wave: [Int], now: Date) {
        var budget = Self.tradeTrialBudget
        for _ in 0..<Self.tradeRounds {
            let before = waveOutcome(wave).backordered
            guard before > 0 else { return }
            tradeRound(.units, wave: wave, budget: &budget, now: now)
            var roomBudget = Self.tradeTrialBudget
            let roomTrades = tradeRound(.room, wave: wave, budget: &roomBudget, now: now)
            // Room given to smaller orders keeps the count but leaves room the next round can use.
            guard waveOutcome(wave).backordered < before || roomTrades > 0, budget > 0 else { return }
            fillThroughChains(wave: wave, now: now)
        }
    }

    /// One pass over the wave's filled orders, those holding most of what backordered orders wait for first.
    /// Returns how many trades stood.
    @discardableResult
    private mutating func tradeRound(_ kind: WaitingOrders.Kind, wave: [Int], budget: inout Int, now: Date) -> Int {
        let waiting = WaitingOrders(kind, wave: wave, state: self)
        guard !waiting.isEmpty else { return 0 }
        var candidates: [(slot: Int, wanted: Int)] = []
        for slot in wave where orders[slot].status == .routed && orders[slot].keptStatus == nil {
            let wanted = waiting.wanted(from: slot, in: self)
            if wanted > 0 { candidates.append((slot, wanted)) }
        }
        candidates.sort { $0.wanted != $1.wanted ? $0.wanted > $1.wanted : $0.slot < $1.slot }
        var stood = 0
        for candidate in candidates where budget > 0 && orders[candidate.slot].status == .routed {
            let given = candidate.slot
            let filling = waiting.orders(for: given, in: self)
            guard filling.count >= (kind == .room ? 1 : 2) else { continue }
            budget -= 1
            if trade(given, for: filling, kind: kind, now: now) { stood += 1 }
        }
        return stood
    }

    /// Whether the order, released, can be planned as things stand.
    private mutating func fitsElsewhere(_ slot: Int) -> Bool {
        if case .planned = plan(makeRequest(slot: slot), explainFailure: false, candidates: false) { return true }
        return false
    }

    /// The order trades try waiting orders in: fewest lines, then fewest units, then arrival.
    func tradeOrder(_ a: Int, before b: Int) -> Bool {
        let (linesA, linesB) = (orders[a].skuIndices.count, orders[b].skuIndices.count)
        if linesA != linesB { return linesA < linesB }
        let (unitsA, unitsB) = (orders[a].quantities.reduce(0, +), orders[b].quantities.reduce(0, +))
        return unitsA != unitsB ? unitsA < unitsB : a < b
    }

    /// Releases `given`, plans the waiting orders in turn, and keeps the result when at least two of them fill; when one
    /// fills and `given` still fits elsewhere; or, for a trade for room (`yields`), when one fills that comes before
    /// `given` in ``tradeOrder(_:before:)``: fewer lines or units, or the same and earlier. Then plans `given` again.
    /// Otherwise everything is rolled back. True when the trade stands.
    private mutating func trade(_ given: Int, for waiting: [Int], kind: WaitingOrders.Kind, now: Date) -> Bool {
        let previous = orders[given].lineNodes
        releaseReservations(slot: given)
        var filled: [Int] = []
        for slot in waiting {
            guard case .planned(let plan) = plan(makeRequest(slot: slot), explainFailure: false, candidates: false) else { continue }
            reserve(slot: slot, lineNodes: plan.lineNodes)
            filled.append(slot)
        }
        let yields = kind == .room && filled.count == 1 && tradeOrder(filled[0], before: given)
        // One filled and the order given up still fits elsewhere: a move that makes room, whatever the sizes.
        let movesAside = filled.count == 1 && !yields && fitsElsewhere(given)
        for slot in filled.reversed() { releaseReservations(slot: slot) }
        guard filled.count >= 2 || yields || movesAside else {
            reserve(slot: given, lineNodes: previous)
            return false
        }
        // The same plans again from the same state, now with their decisions.
        let givenOrderId = orders[given].order.orderId
        let what = kind == .units ? "units" : "room"
        for slot in filled {
            _ = settle(slot: slot, keepStatus: nil, now: now)
            orders[slot].decision?.explanation.notes.append("filled with \(what) \(givenOrderId) gave back")
        }
        let decision = settle(slot: given, keepStatus: nil, now: now)
        if decision.status == .backordered {
            let names = filled.map { orders[$0].order.orderId }.joined(separator: ", ")
            let note = yields
                ? "gave its room back to an order of fewer lines or units, or as small and earlier: \(names)"
                : "gave its \(what) back to fill \(filled.count) orders: \(names)"
            orders[given].decision?.explanation.notes.append(note)
        }
        return true
    }
}
