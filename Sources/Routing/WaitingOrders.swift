/// The backordered orders of a wave a trade may fill, listed by what they wait for: units of a SKU, or room at a full
/// node that has units for them. Each list is in the order trades try them (fewest lines, then fewest units first).
struct WaitingOrders {
    private let kind: Kind
    /// Per SKU (units) or per node (room): the waiting orders' slots.
    private var lists: [[Int]]

    /// What the orders wait for.
    enum Kind {
        /// Units of the SKUs they need.
        case units
        /// Room at full nodes that have units for at least one of their lines.
        case room
    }

    /// The wave's backordered orders (not kept by a failover) as of `state`.
    init(_ kind: Kind, wave: [Int], state: EngineState) {
        self.kind = kind
        switch kind {
        case .units:
            lists = Array(repeating: [], count: state.stock.skuIds.count)
            for slot in wave where Self.isWaiting(slot, in: state) {
                for sku in Set(state.orders[slot].skuIndices) where sku >= 0 { lists[sku].append(slot) }
            }
        case .room:
            lists = Array(repeating: [], count: state.nodes.count)
            let full = (0..<state.nodes.count).filter {
                state.nodes.statuses[$0] != .down && state.nodes.loads[$0] >= state.nodes.capacities[$0]
            }
            guard !full.isEmpty else { break }
            for slot in wave where Self.isWaiting(slot, in: state) {
                let record = state.orders[slot]
                for node in full where record.skuIndices.indices.contains(where: {
                    record.skuIndices[$0] >= 0 && state.stock.available(sku: record.skuIndices[$0], node: node) >= record.quantities[$0]
                }) {
                    lists[node].append(slot)
                }
            }
        }
        for index in lists.indices where lists[index].count > 1 {
            lists[index].sort { state.tradeOrder($0, before: $1) }
        }
    }

    /// Whether no order waits.
    var isEmpty: Bool { lists.allSatisfy(\.isEmpty) }

    /// How much of what waiting orders need the filled order holds: units of their SKUs, or shipments at full nodes
    /// they could ship from (weighted above its line count, which breaks ties: bigger orders give back more).
    func wanted(from slot: Int, in state: EngineState) -> Int {
        let record = state.orders[slot]
        switch kind {
        case .units:
            var wanted = 0
            for line in record.skuIndices.indices where record.skuIndices[line] >= 0 && !lists[record.skuIndices[line]].isEmpty {
                wanted += record.quantities[line]
            }
            return wanted
        case .room:
            let blocking = Self.shipmentNodes(of: record).count(where: { !lists[$0].isEmpty })
            return blocking == 0 ? 0 : blocking * 16 + record.skuIndices.count
        }
    }

    /// The waiting orders of the given order's priority that what it holds could fill, at most
    /// ``EngineState/tradeFillsPerTrial``, in the order trades try them.
    func orders(for given: Int, in state: EngineState) -> [Int] {
        let record = state.orders[given]
        let keys: [Int]
        switch kind {
        case .units: keys = record.skuIndices.filter { $0 >= 0 }
        case .room: keys = Self.shipmentNodes(of: record)
        }
        var waiting: [Int] = []
        for key in keys {
            var taken = 0
            for slot in lists[key] {
                if taken == EngineState.tradeFillsPerTrial { break }
                guard state.orders[slot].status == .backordered, state.orders[slot].order.priority == record.order.priority else { continue }
                taken += 1
                if !waiting.contains(slot) { waiting.append(slot) }
            }
        }
        waiting.sort { state.tradeOrder($0, before: $1) }
        return Array(waiting.prefix(EngineState.tradeFillsPerTrial))
    }

    private static func isWaiting(_ slot: Int, in state: EngineState) -> Bool {
        state.orders[slot].status == .backordered && state.orders[slot].keptStatus == nil
    }

    /// The distinct nodes an order ships from.
    private static func shipmentNodes(of record: OrderRecord) -> [Int] {
        var found: [Int] = []
        for node in record.lineNodes where node >= 0 && !found.contains(node) { found.append(node) }
        return found
    }
}
