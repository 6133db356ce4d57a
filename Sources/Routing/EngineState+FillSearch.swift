import Foundation
import Synchronization

extension EngineState {
    /// How many searches run side by side on copies of the wave's plan (the best is kept).
    static let fillSearchLines = 2

    /// How many steps one wave's search for fills makes at most, unless the policy says otherwise: a large backlog
    /// keeps finding fills through all of them; a small wave's search stalls long before.
    static let fillSearchSteps = 150_000

    /// How many steps in a row without a fill end the search, as a share of its steps.
    static let fillSearchStallShare = 0.5

    /// How many steps in a row without a fill end the search at most, per order of the wave (a small wave has few
    /// packings to try).
    static let fillSearchStallPerOrder = 40

    /// How many filled orders one step takes apart at most (at least three).
    static let fillSearchRuinLimit = 15

    /// How many other backordered orders sharing a SKU one step adds at most.
    static let fillSearchWaitingLimit = 10

    /// The largest random surcharge on a node while a step plans, in mean filled-order scores.
    static let fillSearchNoise = 0.6

    /// The surcharge on a node with little room left while a step plans, in mean filled-order scores.
    static let fillSearchNearFullPrice = 1.0

    /// The room (shipments) at or below which a node counts as nearly full while a step plans.
    static let fillSearchNearFullRoom = 3

    /// Fills more of a wave that left backorders by a search that takes parts of the plan apart and plans them again
    /// (ruin and recreate). Each step starts from a backordered order, releases a few filled orders that hold its units
    /// or the room of full nodes that stock them, adds a few backordered orders that share a SKU, and plans them all
    /// again in a random order, with small random surcharges on nodes and a larger one on nodes that are nearly full,
    /// so that each step tries a different packing. A step stands when no fewer of those orders are filled and is
    /// rolled back otherwise; steps that keep the count let the search drift to plans from which a later step fills
    /// more. Each search then makes its plan cheaper without filling fewer (``runCostSearch(wave:steps:log:)``). Two
    /// searches with different random choices run side by side on copies of the plan; the one that fills most (the
    /// cheaper on a tie) is kept, only when it fills more or costs less than the plan before, and every order it changed
    /// gets its decision
    /// (newly filled orders are reviewed, orders that gave way are backordered with the reason).
    ///
    /// Only routed and backordered orders of the wave change, within the priority of the order each step starts from;
    /// held orders and orders a failover keeps are never taken apart. Steps are seeded by the wave, so the same wave
    /// routes the same way every time.
    mutating func searchForFills(wave: [Int], now: Date) {
        let start = waveOutcome(wave)
        let steps = policy.waveSearchSteps ?? Self.fillSearchSteps
        guard steps > 0, start.backordered > 0, start.filled > 0,
              wave.contains(where: { isSearchable($0) && orders[$0].status == .backordered && couldBeFilled($0) }) else { return }
        // Independent searches from the same plan, one per core, each on its own copy of the state; the one that
        // fills most is kept, then the cheaper, then the first (so the outcome does not depend on timing).
        let initial = self
        let found = Mutex<[(state: EngineState, log: FillSearchLog, backordered: Int, cost: Double)?]>(Array(repeating: nil, count: Self.fillSearchLines))
        DispatchQueue.concurrentPerform(iterations: Self.fillSearchLines) { line in
            var state = initial
            var log = FillSearchLog(seed: UInt64(wave.count) &* 0x2545_F491_4F6C_DD1D &+ UInt64(start.backordered) &+ UInt64(line))
            let backordered = state.runFillSearch(
                wave: wave, backordered: start.backordered, steps: steps, unit: start.score / Double(start.filled), log: &log)
            state.runCostSearch(wave: wave, steps: steps, log: &log)
            let cost = state.plannedCost(wave: wave)
            found.withLock { $0[line] = (state, log, backordered, cost) }
        }
        var best: (state: EngineState, log: FillSearchLog, backordered: Int, cost: Double)?
        var startState = initial
        var bar = (backordered: start.backordered, cost: startState.plannedCost(wave: wave))
        for result in found.withLock({ $0 }) {
            guard let result, result.backordered < bar.backordered || (result.backordered == bar.backordered && result.cost < bar.cost - 1e-6)
            else { continue }
            best = result
            bar = (result.backordered, result.cost)
        }
        guard let best else { return }
        self = best.state
        decideSearchedOrders(best.log, now: now)
    }

    /// What the wave's routed orders cost under their current plans, at plain scores.
    mutating func plannedCost(wave: [Int]) -> Double {
        capacityPrices = []
        var cost = 0.0
        for slot in wave where orders[slot].status.holdsReservations && orders[slot].lineNodes.contains(where: { $0 >= 0 }) {
            cost += currentScore(slot)
        }
        return cost
    }

    /// The steps of one search, from the wave's current plan; returns how many orders of the wave are left backordered.
    private mutating func runFillSearch(wave: [Int], backordered initial: Int, steps: Int, unit: Double, log: inout FillSearchLog) -> Int {
        for slot in wave where isSearchable(slot) && orders[slot].status == .backordered && couldBeFilled(slot) { log.wait(slot) }
        var backordered = initial
        var stalled = 0
        let stall = max(1, min(Int(Double(steps) * Self.fillSearchStallShare), Self.fillSearchStallPerOrder * wave.count))
        for _ in 0..<steps where stalled < stall && backordered > 0 {
            guard let seed = log.randomWaiting(in: self) else { break }
            let gained = searchStep(from: seed, unit: unit, log: &log)
            backordered -= gained
            stalled = gained > 0 ? 0 : stalled + 1
        }
        capacityPrices = []
        return backordered
    }

    /// Whether every line of the order has its units on hand at some node that is not down (reserved or not): an order
    /// whose SKU is out of stock everywhere is not worth a step.
    private func couldBeFilled(_ slot: Int) -> Bool {
        let skus = orders[slot].skuIndices
        let quantities = orders[slot].quantities
        for line in 0..<skus.count {
            guard skus[line] >= 0 else { return false }
            let stocked = (0..<nodes.count).contains { node in
                nodes.statuses[node] != .down && stock.level(sku: skus[line], node: node).onHand >= quantities[line]
            }
            if !stocked { return false }
        }
        return true
    }

    /// Whether the search may take the order apart or plan it again: a routed or backordered order of the wave that no
    /// failover keeps.
    private func isSearchable(_ slot: Int) -> Bool {
        inCurrentWave(slot) && orders[slot].keptStatus == nil && (orders[slot].status == .routed || orders[slot].status == .backordered)
    }

    /// One step from a backordered order; returns how many more orders it filled (0 when rolled back or even).
    private mutating func searchStep(from seed: Int, unit: Double, log: inout FillSearchLog) -> Int {
        let skus = orders[seed].skuIndices
        guard !skus.contains(where: { $0 < 0 }) else { return 0 }
        var stocking: [Int] = []
        for node in 0..<nodes.count where nodes.statuses[node] != .down {
            if skus.contains(where: { stock.level(sku: $0, node: node).onHand > 0 }) { stocking.append(node) }
        }
        guard !stocking.isEmpty else { return 0 }
        let affected = [seed] + waitingAlongside(seed, log: &log) + ruinAround(seed, stocking: stocking, log: &log)
        var before = 0
        var previous: [[Int]] = []
        for slot in affected {
            log.touch(slot, in: self)
            previous.append(orders[slot].lineNodes)
            if orders[slot].status == .backordered {
                before += 1
            } else {
                releaseReservations(slot: slot)
            }
        }
        var sequence = affected
        if Bool.random(using: &log.random) {
            sequence.shuffle(using: &log.random)
        } else {
            let keys = sequence.map { Double(orders[$0].skuIndices.count) + Double.random(in: 0..<1, using: &log.random) }
            sequence = zip(sequence, keys).sorted { $0.1 < $1.1 }.map(\.0)
        }
        var after = 0
        for slot in sequence {
            setSearchPrices(unit: unit, random: &log.random)
            if case .planned(let plan) = plan(makeRequest(slot: slot), explainFailure: false, candidates: false) {
                reserve(slot: slot, lineNodes: plan.lineNodes)
                orders[slot].status = .routed
            } else {
                orders[slot].status = .backordered
                after += 1
            }
        }
        capacityPrices = []
        guard after <= before else {
            for slot in affected where orders[slot].status == .routed { releaseReservations(slot: slot) }
            for (slot, lineNodes) in zip(affected, previous) {
                if lineNodes.contains(where: { $0 >= 0 }) {
                    reserve(slot: slot, lineNodes: lineNodes)
                    orders[slot].status = .routed
                } else {
                    orders[slot].lineNodes = lineNodes
                    orders[slot].status = .backordered
                }
            }
            return 0
        }
        for slot in affected where orders[slot].status == .backordered { log.wait(slot) }
        return before - after
    }

    /// Up to ``fillSearchWaitingLimit`` other backordered orders of the same priority that share a SKU with `seed`.
    private func waitingAlongside(_ seed: Int, log: inout FillSearchLog) -> [Int] {
        let wanted = Int.random(in: 0...Self.fillSearchWaitingLimit, using: &log.random)
        let skus = orders[seed].skuIndices
        let priority = orders[seed].order.priority
        var found: [Int] = []
        var tries = wanted * 4
        while found.count < wanted && tries > 0 {
            tries -= 1
            guard let slot = log.randomWaiting(in: self) else { break }
            guard slot != seed, !found.contains(slot), isSearchable(slot), orders[slot].order.priority == priority,
                  orders[slot].skuIndices.contains(where: { skus.contains($0) }) else { continue }
            found.append(slot)
        }
        return found
    }

    /// A few routed orders of the wave, of `seed`'s priority, picked at random among those that ship from a node
    /// stocking one of its SKUs and there hold units of those SKUs, or room when the node is full.
    private func ruinAround(_ seed: Int, stocking: [Int], log: inout FillSearchLog) -> [Int] {
        let wanted = Int.random(in: 3...Self.fillSearchRuinLimit, using: &log.random)
        let skus = orders[seed].skuIndices
        let priority = orders[seed].order.priority
        var found: [Int] = []
        var tries = wanted * 8
        while found.count < wanted && tries > 0 {
            tries -= 1
            let node = stocking[Int.random(in: 0..<stocking.count, using: &log.random)]
            let count = ordersByNode[node].count
            guard count > 0 else { continue }
            let slot = ordersByNode[node][Int.random(in: 0..<count, using: &log.random)]
            guard slot != seed, !found.contains(slot), isSearchable(slot), orders[slot].status == .routed,
                  orders[slot].order.priority == priority else { continue }
            let full = nodes.loads[node] >= nodes.capacities[node]
            let lineNodes = orders[slot].lineNodes
            let holdsWhatSeedNeeds = lineNodes.indices.contains { line in
                lineNodes[line] == node && (full || skus.contains(orders[slot].skuIndices[line]))
            }
            if holdsWhatSeedNeeds { found.append(slot) }
        }
        return found
    }

    /// Surcharges every node for the next plan of a step: a random share of ``fillSearchNoise`` mean scores, plus
    /// ``fillSearchNearFullPrice`` when it has ``fillSearchNearFullRoom`` shipments of room or fewer left.
    private mutating func setSearchPrices(unit: Double, random: inout SeededRandom) {
        if capacityPrices.count != nodes.count { capacityPrices = Array(repeating: 0, count: nodes.count) }
        for node in 0..<nodes.count {
            var price = Self.fillSearchNoise * unit * Double.random(in: 0..<1, using: &random)
            if nodes.capacities[node] - nodes.loads[node] <= Self.fillSearchNearFullRoom { price += Self.fillSearchNearFullPrice * unit }
            capacityPrices[node] = price
        }
    }

    /// Gives every order the search changed its decision: orders that gave way are planned again (and backordered with
    /// the reason when nothing is left for them), newly filled orders are reviewed, moved orders keep their status.
    private mutating func decideSearchedOrders(_ log: FillSearchLog, now: Date) {
        let changed = log.original.keys.sorted().filter { slot in
            let original = log.original[slot]
            return original?.status != orders[slot].status || original?.lineNodes != orders[slot].lineNodes
        }
        let gaveWay = changed.filter { orders[$0].status == .backordered }
        let placed = changed.filter { orders[$0].status == .routed }
        for slot in gaveWay {
            let decision = settle(slot: slot, keepStatus: nil, now: now)
            if decision.status == .backordered {
                orders[slot].decision?.explanation.notes.append("gave way in the wave's search, so that more orders of the wave are filled")
            }
        }
        for slot in placed {
            let wasBackordered = log.original[slot]?.status == .backordered
            if wasBackordered { orders[slot].decision = nil }
            refreshDecision(slot: slot, keepStatus: nil, review: wasBackordered, now: now)
            if wasBackordered {
                orders[slot].decision?.explanation.notes.append("filled by the wave's search, which planned the orders around it again")
            } else {
                orders[slot].decision?.explanation.notes.append("planned again by the wave's search, so that more orders are filled or the wave costs less")
            }
        }
    }
}
