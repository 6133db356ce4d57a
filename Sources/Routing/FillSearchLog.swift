/// What one wave's search for fills keeps between its steps: its random choices, what every order it touched held
/// before, and the backordered orders it may start from.
struct FillSearchLog {
    var random: SeededRandom
    /// Per slot the search touched: the line nodes and status it had before the search.
    var original: [Int: (lineNodes: [Int], status: RoutingStatus)] = [:]
    /// Backordered orders a step may start from (may hold stale entries; checked on use).
    private var waiting: [Int] = []
    private var listed: Set<Int> = []

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// Records what the order holds before the search first changes it.
    mutating func touch(_ slot: Int, in state: EngineState) {
        if original[slot] == nil { original[slot] = (state.orders[slot].lineNodes, state.orders[slot].status) }
    }

    /// Lists a backordered order as one a step may start from.
    mutating func wait(_ slot: Int) {
        if listed.insert(slot).inserted { waiting.append(slot) }
    }

    /// A backordered order picked at random; nil when none is left.
    mutating func randomWaiting(in state: EngineState) -> Int? {
        while !waiting.isEmpty {
            let index = Int.random(in: 0..<waiting.count, using: &random)
            let slot = waiting[index]
            if state.orders[slot].status == .backordered { return slot }
            waiting.swapAt(index, waiting.count - 1)
            waiting.removeLast()
            listed.remove(slot)
        }
        return nil
    }
}
