import Foundation

extension EngineState {
    /// Retries backordered orders in arrival order (only those with one of the SKUs, when given); returns the ones routed.
    mutating func retryBackorders(touchingSKUs skus: Set<String>?, now: Date) -> [RoutingDecision] {
        let waiting = backorderSlots
        backorderSlots = []
        var seen: Set<Int> = []
        var routed: [RoutingDecision] = []
        for slot in waiting where orders[slot].status == .backordered && seen.insert(slot).inserted {
            let lines = orders[slot].order.lines
            if let skus, !lines.contains(where: { skus.contains($0.sku) }) {
                backorderSlots.append(slot)
                continue
            }
            for (line, orderLine) in lines.enumerated() where orders[slot].skuIndices[line] < 0 {
                orders[slot].skuIndices[line] = stock.skuIndexById[orderLine.sku] ?? -1
            }
            let decision = settle(slot: slot, keepStatus: nil, now: now)
            if decision.status != .backordered { routed.append(decision) }
        }
        return routed
    }

    /// The orders waiting for stock, in arrival order.
    func backorderEntries() -> [BackorderEntry] {
        var seen: Set<Int> = []
        return backorderSlots.compactMap { slot in
            guard orders[slot].status == .backordered, seen.insert(slot).inserted else { return nil }
            return BackorderEntry(orderId: orders[slot].order.orderId, reason: orders[slot].decision?.backorderReason ?? "")
        }
    }

    /// Changes on-hand units of a SKU at a node by `delta` (or to `units`), then retries backorders when stock grew.
    mutating func changeStock(nodeId: String, sku: String, delta: Int?, units: Int?, now: Date) throws -> [RoutingDecision] {
        let node = try nodeIndex(nodeId)
        guard !sku.isEmpty else { throw RoutingError(.invalidStock, "the SKU is empty") }
        let skuIndex = stock.index(addingSKU: sku)
        let current = stock.level(sku: skuIndex, node: node)
        let target = units ?? (current.onHand + (delta ?? 0))
        guard target >= current.reserved else {
            throw RoutingError(
                .invalidStock, "\(sku) at \(nodeId): \(target) on hand would be less than the \(current.reserved) reserved")
        }
        stock.setOnHand(sku: skuIndex, node: node, units: target)
        guard target > current.onHand else { return [] }
        return retryBackorders(touchingSKUs: [sku], now: now)
    }
}
