import Foundation

extension EngineState {
    /// Re-creates an order with a decision taken earlier (after a restart), reserving its stock as decided.
    mutating func restore(_ order: RoutingOrder, decision: RoutingDecision) throws {
        let slot = try admit(order)
        orders[slot].decision = decision
        switch decision.status {
        case .backordered:
            backorderSlots.append(slot)
            return
        case .cancelled:
            orders[slot].status = .cancelled
            return
        case .routed, .held, .shipped:
            break
        }
        var lineNodes = Array(repeating: -1, count: orders[slot].order.lines.count)
        for shipment in decision.shipments {
            let node = try nodeIndex(shipment.nodeId)
            for line in shipment.lines {
                guard let index = orders[slot].order.lines.firstIndex(where: { $0.sku == line.sku }) else {
                    orders[slot].status = .cancelled
                    throw RoutingError(.invalidOrder, "decision for '\(order.orderId)' ships \(line.sku), which the order does not have")
                }
                lineNodes[index] = node
            }
        }
        guard !lineNodes.contains(-1) else {
            orders[slot].status = .cancelled
            throw RoutingError(.invalidOrder, "decision for '\(order.orderId)' leaves lines without a node")
        }
        for (line, sku) in orders[slot].order.lines.map(\.sku).enumerated() where orders[slot].skuIndices[line] < 0 {
            orders[slot].skuIndices[line] = stock.index(addingSKU: sku)
        }
        orders[slot].status = decision.status
        if decision.status == .shipped {
            orders[slot].lineNodes = lineNodes
            return
        }
        reserve(slot: slot, lineNodes: lineNodes)
    }
}
