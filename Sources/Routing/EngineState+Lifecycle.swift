import Foundation

extension EngineState {
    /// Marks a released order shipped: its reserved units leave stock and it can no longer move.
    mutating func markShipped(orderId: String) throws {
        let slot = try slot(of: orderId)
        guard orders[slot].status == .routed else {
            let state = orders[slot].status == .held ? "held for review" : orders[slot].status.rawValue
            throw RoutingError(.invalidState, "order '\(orderId)' is \(state); only routed orders ship")
        }
        let lineNodes = orders[slot].lineNodes
        for line in 0..<lineNodes.count {
            stock.consume(sku: orders[slot].skuIndices[line], node: lineNodes[line], quantity: orders[slot].quantities[line])
        }
        orders[slot].status = .shipped
        orders[slot].decision?.status = .shipped
    }

    /// Cancels an unshipped order, releasing its stock; returns backorders that the freed stock let through.
    mutating func cancel(orderId: String, now: Date) throws -> [RoutingDecision] {
        let slot = try slot(of: orderId)
        let status = orders[slot].status
        guard status != .shipped && status != .cancelled else {
            throw RoutingError(.invalidState, "order '\(orderId)' is \(status.rawValue) and cannot be cancelled")
        }
        let wasOpen = orders[slot].status.holdsReservations
        if wasOpen { releaseReservations(slot: slot) }
        orders[slot].status = .cancelled
        orders[slot].decision?.status = .cancelled
        guard wasOpen else { return [] }
        return retryBackorders(touchingSKUs: Set(orders[slot].order.lines.map(\.sku)), now: now)
    }

    /// The return node for a shipped order: the nearest store accepting returns, else the nearest such warehouse.
    func returnDecision(orderId: String) throws -> ReturnDecision {
        let slot = try slot(of: orderId)
        guard orders[slot].status == .shipped else {
            throw RoutingError(.invalidState, "order '\(orderId)' is \(orders[slot].status.rawValue); only shipped orders are returned")
        }
        let order = orders[slot].order
        var origin = order.shipTo?.location
        if case .pickup(let storeId) = order.fulfilment, let store = nodes.indexById[storeId] { origin = nodes.locations[store] }
        if origin == nil, let first = orders[slot].lineNodes.first, first >= 0 { origin = nodes.locations[first] }
        guard let origin else { throw RoutingError(.noReturnNode, "order '\(orderId)' has no location to return from") }
        var decision = try returnNode(near: origin)
        decision.orderId = orderId
        return decision
    }

    /// The nearest node accepting returns that is not down; stores (ROPO) before warehouses.
    func returnNode(near origin: GeoPoint) throws -> ReturnDecision {
        var best: (node: Int, km: Double)?
        for kind in [NodeKind.store, .warehouse] {
            for node in 0..<nodes.count where nodes.kinds[node] == kind && nodes.acceptsReturns[node] && nodes.statuses[node] != .down {
                let km = nodes.locations[node].distanceKm(to: origin)
                if best == nil || km < (best?.km ?? .infinity) { best = (node, km) }
            }
            if best != nil { break }
        }
        guard let best else { throw RoutingError(.noReturnNode, "no node that accepts returns is up") }
        let kindText = nodes.kinds[best.node] == .store ? "store" : "warehouse (no store accepts returns)"
        return ReturnDecision(
            orderId: nil, nodeId: nodes.ids[best.node], nodeKind: nodes.kinds[best.node], distanceKm: best.km,
            reason: "nearest \(kindText) accepting returns, \(best.km.formatted2) km away")
    }
}
