import Foundation

/// The cheapest move of one wave order's lines from a full node to another node.
struct ChainMove: Sendable {
    /// The order that moves.
    var slot: Int
    /// Its score change: the target's score minus the source's, or minus the source's and a split when it already
    /// ships from the target.
    var delta: Double
    /// Whether the order already ships from the target, so the move needs no capacity there.
    var joinsShipment: Bool
}

extension EngineState {
    /// How many of a full node's indexed orders the chain search looks through for movable ones.
    static let chainScanPerNode = 512

    /// How many moves one chain makes at most before the backordered order is placed.
    static let chainDepth = 4

    /// How many order scans (one per order looked at on a full node) the chain search of one wave may make.
    static let chainScanBudget = 400_000

    /// Fills backordered wave orders whose nodes are full through chains of moves: the cheapest sequence of wave
    /// orders that each move from a full node to the next, the last to a node with room, frees a node that can ship
    /// the backordered order whole. This is the augmenting path of a flow over node capacities, priced by score.
    mutating func fillThroughChains(wave: [Int], now: Date) {
        var rows: [[ChainMove?]?] = Array(repeating: nil, count: nodes.count)
        var budget = Self.chainScanBudget
        for slot in wave where orders[slot].status == .backordered && budget > 0 {
            guard let chain = cheapestChain(for: slot, rows: &rows, budget: &budget) else { continue }
            if apply(chain, filling: slot, now: now) {
                for move in chain { rows[move.from] = nil; rows[move.to] = nil }
            } else {
                rows = Array(repeating: nil, count: nodes.count)
            }
        }
    }

    /// The cheapest chain of moves that frees a full node able to ship the order whole, in the order to apply them
    /// (the last link first); nil when none within ``chainDepth`` moves.
    private mutating func cheapestChain(
        for slot: Int, rows: inout [[ChainMove?]?], budget: inout Int
    ) -> [(move: ChainMove, from: Int, to: Int)]? {
        let request = makeRequest(slot: slot)
        if request.skuIndices.contains(where: { $0 < 0 }) { return nil }
        computeMetrics(request)
        let count = nodes.count
        // cost[node] after k moves: the cheapest way to have freed `node` for the order; parent links per layer.
        var cost = Array(repeating: Double.infinity, count: count)
        for node in 0..<count
        where nodes.statuses[node] != .down && nodes.loads[node] >= nodes.capacities[node] && fillsAll(node: node, request: request)
            && allowsMove(request, to: node, splitAfter: false) {
            cost[node] = scratch.score[node]
        }
        guard cost.contains(where: { $0.isFinite }) else { return nil }
        var parents: [[(from: Int, move: ChainMove)?]] = []
        var bestTotal = Double.infinity
        var bestEnd: (layer: Int, from: Int, to: Int, move: ChainMove)?
        for layer in 0..<Self.chainDepth {
            var next = Array(repeating: Double.infinity, count: count)
            var parent: [(from: Int, move: ChainMove)?] = Array(repeating: nil, count: count)
            for from in 0..<count where cost[from].isFinite {
                if rows[from] == nil {
                    guard budget > 0 else { break }
                    rows[from] = moveRow(from: from, budget: &budget)
                }
                guard let row = rows[from] else { continue }
                for to in 0..<count {
                    guard let move = row[to], move.slot != slot else { continue }
                    let total = cost[from] + move.delta
                    if move.joinsShipment || nodes.loads[to] < nodes.capacities[to] {
                        if total < bestTotal {
                            bestTotal = total
                            bestEnd = (layer, from, to, move)
                        }
                    } else if total < next[to] {
                        next[to] = total
                        parent[to] = (from, move)
                    }
                }
            }
            parents.append(parent)
            cost = next
            if !cost.contains(where: { $0.isFinite }) { break }
        }
        guard let end = bestEnd else { return nil }
        var chain: [(move: ChainMove, from: Int, to: Int)] = [(end.move, end.from, end.to)]
        var node = end.from
        var layer = end.layer
        while layer > 0, let link = parents[layer - 1][node] {
            chain.append((link.move, link.from, node))
            node = link.from
            layer -= 1
        }
        let movers = chain.map(\.move.slot)
        guard Set(movers).count == movers.count else { return nil }
        return chain
    }

    /// For each target node, the cheapest wave order on `from` whose lines there could move to it.
    private mutating func moveRow(from: Int, budget: inout Int) -> [ChainMove?] {
        var row: [ChainMove?] = Array(repeating: nil, count: nodes.count)
        let entries = Array(ordersByNode[from].prefix(Self.chainScanPerNode))
        var seen: Set<Int> = []
        for candidate in entries {
            guard budget > 0 else { break }
            guard inCurrentWave(candidate), orders[candidate].status.holdsReservations, orders[candidate].lineNodes.contains(from),
                  seen.insert(candidate).inserted else { continue }
            budget -= 1
            let request = makeRequest(slot: candidate)
            computeMetrics(request)
            let lineNodes = orders[candidate].lineNodes
            let others = distinct(lineNodes.filter { $0 != from })
            for to in 0..<nodes.count where to != from && nodes.statuses[to] != .down {
                var stocked = true
                for line in 0..<lineNodes.count where lineNodes[line] == from {
                    if stock.available(sku: request.skuIndices[line], node: to) < request.quantities[line] {
                        stocked = false
                        break
                    }
                }
                guard stocked else { continue }
                let joins = others.contains(to)
                guard allowsMove(request, to: to, splitAfter: (joins ? others.count : others.count + 1) > 1) else { continue }
                let delta = joins
                    ? -(scratch.score[from] + request.weights.splitPenalty)
                    : scratch.score[to] - scratch.score[from]
                if let current = row[to], current.delta <= delta { continue }
                row[to] = ChainMove(slot: candidate, delta: delta, joinsShipment: joins)
            }
        }
        return row
    }

    /// Whether an applicable rule selects the node (and allows a split when the order would be split).
    private func allowsMove(_ request: PlanRequest, to node: Int, splitAfter: Bool) -> Bool {
        for rule in policy.rules where rule.applies(mode: request.mode, channel: request.channel, priority: request.priority) {
            if selects(rule, node: node, request: request) && (!splitAfter || rule.allowSplit) { return true }
        }
        return false
    }

    /// Applies a chain's moves, then plans the backordered order; rolls everything back when a step no longer fits.
    private mutating func apply(_ chain: [(move: ChainMove, from: Int, to: Int)], filling slot: Int, now: Date) -> Bool {
        var applied: [(slot: Int, lineNodes: [Int])] = []
        func rollBack(_ state: inout EngineState) {
            for (moved, lineNodes) in applied.reversed() {
                state.releaseReservations(slot: moved)
                state.reserve(slot: moved, lineNodes: lineNodes)
            }
        }
        for link in chain {
            let moved = link.move.slot
            let previous = orders[moved].lineNodes
            guard previous.contains(link.from) else {
                rollBack(&self)
                return false
            }
            let next = previous.map { $0 == link.from ? link.to : $0 }
            let needsRoom = !previous.contains(link.to)
            releaseReservations(slot: moved)
            let fits = (!needsRoom || nodes.canTakeShipment(link.to)) && (0..<next.count).allSatisfy { line in
                next[line] != link.to
                    || stock.available(sku: orders[moved].skuIndices[line], node: link.to) >= orders[moved].quantities[line]
            }
            guard fits else {
                reserve(slot: moved, lineNodes: previous)
                rollBack(&self)
                return false
            }
            reserve(slot: moved, lineNodes: next)
            applied.append((moved, previous))
        }
        let decision = settle(slot: slot, keepStatus: orders[slot].keptStatus, now: now)
        guard decision.status != .backordered else {
            rollBack(&self)
            return false
        }
        for (moved, _) in applied where orders[moved].status.holdsReservations {
            refreshDecision(slot: moved, keepStatus: orders[moved].keptStatus, now: now)
        }
        return true
    }
}
