import Foundation
import Synchronization

extension EngineState {
    /// How many times a wave is re-planned with a wider set of contested SKUs at most.
    static let contestedRounds = 3

    /// Re-plans a wave that left orders backordered, treating the SKUs of those orders as scarce: the orders needing
    /// fewest units of them go first, so the stock and capacity that ship them serve as many orders as possible
    /// (nodes full of other orders, or one order taking units three others need, are what left them unfilled).
    /// The plan in arrival order (what routing one at a time gives) is a candidate too, so where node capacity binds
    /// the wave never fills fewer orders than routing them one by one would, and so is the plan with orders of fewest
    /// lines first. The longest line, started first, prices the capacity of full nodes
    /// (``pricedPlan(wave:price:now:)``), so that their shipments go to the orders only they can fill.
    /// Every plan gets chains of moves off full nodes (``fillThroughChains(wave:now:)``) and trades
    /// (``tradeForBackorders(wave:now:)``) before it is judged: the plan that leaves most room for them is not always
    /// the one with fewest backorders before them.
    /// Keeps the plan with the fewest backorders, then the lowest score.
    mutating func replanContested(wave: [Int], now: Date) {
        var bestOutcome = waveOutcome(wave)
        guard bestOutcome.backordered > 0 else { return }
        let contested = scarceSKUs(wave)
        fillThroughChains(wave: wave, now: now)
        tradeForBackorders(wave: wave, now: now)
        bestOutcome = waveOutcome(wave)
        guard bestOutcome.backordered > 0 else { return }
        // The four lines of candidate plans do not depend on each other: each works on its own copy of the state,
        // side by side, and the best is kept as if they had run one after another.
        let start = self
        // Capacity prices are set against what a filled order of this wave scores on average.
        let unit = bestOutcome.filled > 0 ? bestOutcome.score / Double(bestOutcome.filled) : 1_000
        let found = Mutex<[[EngineState]]>(Array(repeating: [], count: 4))
        DispatchQueue.concurrentPerform(iterations: 4) { line in
            let plans: [EngineState]
            switch line {
            case 0: plans = start.pricedPlan(wave: wave, price: Self.capacityPrice * unit, now: now).map { [$0] } ?? []
            case 1: plans = start.contestedPlans(wave: wave, contested: contested, now: now)
            case 2: plans = [start.replanned(wave: wave, sequence: .arrival, now: now)]
            default: plans = [start.replanned(wave: wave, sequence: .smallestFirst, now: now)]
            }
            found.withLock { $0[line] = plans }
        }
        var best = self
        for state in found.withLock({ $0 }).joined() {
            let outcome = state.waveOutcome(wave)
            if outcome.backordered < bestOutcome.backordered
                || (outcome.backordered == bestOutcome.backordered && state.pricedSlots.isEmpty && best.pricedSlots.isEmpty
                    && outcome.score < bestOutcome.score - 0.5) {
                bestOutcome = outcome
                best = state
            }
        }
        self = best
        unpriceDecisions(now: now)
    }

    /// The plans made by widening the contested SKUs up to ``contestedRounds`` times, each from the one before,
    /// until one leaves no backorders.
    private func contestedPlans(wave: [Int], contested given: [Bool], now: Date) -> [EngineState] {
        var state = self
        var contested = given
        var plans: [EngineState] = []
        for _ in 0..<Self.contestedRounds {
            guard state.widenContested(&contested, wave: wave) else { break }
            state.replan(wave: wave, scarce: contested, now: now)
            plans.append(state)
            if state.waveOutcome(wave).backordered == 0 { break }
        }
        return plans
    }

    /// A copy of the state with the wave planned again in the given order.
    private func replanned(wave: [Int], sequence: WaveSequence, now: Date) -> EngineState {
        var state = self
        state.replan(wave: wave, sequence: sequence, now: now)
        return state
    }

    /// Releases the wave's reservations and plans it again in the given order, then repairs backorders and fills
    /// through chains.
    private mutating func replan(wave: [Int], scarce: [Bool]? = nil, sequence: WaveSequence = .fewestOptionsFirst, now: Date) {
        for slot in wave where orders[slot].status.holdsReservations { releaseReservations(slot: slot) }
        settleWave(wave, scarce: scarce, sequence: sequence, now: now)
        repairBackorders(in: wave, now: now)
        fillThroughChains(wave: wave, now: now)
        tradeForBackorders(wave: wave, now: now)
    }

    /// Adds the SKUs of the wave's backordered orders to `contested`; false when none was new.
    private func widenContested(_ contested: inout [Bool], wave: [Int]) -> Bool {
        if contested.isEmpty { contested = Array(repeating: false, count: stock.skuIds.count) }
        var widened = false
        for slot in wave where orders[slot].status == .backordered {
            for sku in orders[slot].skuIndices where sku >= 0 && !contested[sku] {
                contested[sku] = true
                widened = true
            }
        }
        return widened
    }

    /// Backordered and filled orders of the wave and the summed score of its filled ones.
    func waveOutcome(_ wave: [Int]) -> (backordered: Int, filled: Int, score: Double) {
        var backordered = 0
        var filled = 0
        var score = 0.0
        for slot in wave {
            if orders[slot].status == .backordered {
                backordered += 1
            } else if orders[slot].status.holdsReservations {
                filled += 1
                score += orders[slot].decision?.score ?? 0
            }
        }
        return (backordered, filled, score)
    }
}
