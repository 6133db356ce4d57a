import Foundation

extension EngineState {
    /// Validates, records and routes a new order.
    mutating func route(_ order: RoutingOrder, now: Date) throws -> RoutingDecision {
        let slot = try admit(order)
        return settle(slot: slot, keepStatus: nil, now: now)
    }

    /// Validates and records a new order without routing it; returns its slot.
    mutating func admit(_ order: RoutingOrder) throws -> Int {
        let normalized = try Self.validated(order)
        if let existing = slotByOrderId[normalized.orderId], orders[existing].status != .cancelled {
            throw RoutingError(.duplicateOrder, "order '\(normalized.orderId)' was already routed")
        }
        if case .pickup(let storeId) = normalized.fulfilment {
            let store = try nodeIndex(storeId)
            guard nodes.kinds[store] == .store else { throw RoutingError(.invalidOrder, "pickup node '\(storeId)' is not a store") }
        }
        let slot = orders.count
        orders.append(OrderRecord(
            order: normalized, skuIndices: normalized.lines.map { stock.skuIndexById[$0.sku] ?? -1 },
            quantities: normalized.lines.map(\.quantity), lineNodes: Array(repeating: -1, count: normalized.lines.count),
            status: .backordered, decision: nil, cityKey: normalized.shipTo?.city?.lowercased(),
            profile: profileIndex(channel: normalized.channel, priority: normalized.priority)))
        slotByOrderId[normalized.orderId] = slot
        return slot
    }

    /// Most units of one SKU in one order; more is a mistake, and bounds keep every sum far from overflow.
    static let maximumLineQuantity = 1_000_000

    /// The order with its lines checked and lines of the same SKU merged.
    static func validated(_ order: RoutingOrder) throws -> RoutingOrder {
        guard !order.orderId.isEmpty else { throw RoutingError(.invalidOrder, "the order id is empty") }
        guard !order.lines.isEmpty else { throw RoutingError(.invalidOrder, "order '\(order.orderId)' has no lines") }
        var merged: [OrderLine] = []
        for line in order.lines {
            guard line.quantity > 0, line.quantity <= Self.maximumLineQuantity else {
                throw RoutingError(.invalidOrder, "order '\(order.orderId)': quantity of \(line.sku) must be 1…\(Self.maximumLineQuantity), got \(line.quantity)")
            }
            guard !line.sku.isEmpty else { throw RoutingError(.invalidOrder, "order '\(order.orderId)' has a line without a SKU") }
            if let index = merged.firstIndex(where: { $0.sku == line.sku }) {
                guard merged[index].quantity <= Self.maximumLineQuantity - line.quantity else {
                    throw RoutingError(.invalidOrder, "order '\(order.orderId)': more than \(Self.maximumLineQuantity) units of \(line.sku)")
                }
                merged[index].quantity += line.quantity
            } else {
                merged.append(line)
            }
        }
        var result = order
        result.lines = merged
        return result
    }

    /// What the engine would promise for these items at this address, without reserving anything.
    mutating func quote(shipTo: ShipTo, items: [OrderLine], now: Date) throws -> PromiseQuote {
        let probe = try Self.validated(RoutingOrder(orderId: "promise-quote", shipTo: shipTo, fulfilment: .shipFromStore, lines: items))
        let weights = profiles[profileIndex(channel: probe.channel, priority: probe.priority)].weights
        let request = PlanRequest(
            lines: probe.lines, skuIndices: probe.lines.map { stock.skuIndexById[$0.sku] ?? -1 },
            quantities: probe.lines.map(\.quantity), mode: .shipFromStore, channel: probe.channel, priority: probe.priority,
            pickupNode: nil, destination: shipTo.location, destinationCity: shipTo.city?.lowercased(), weights: weights)
        switch plan(request) {
        case .planned(let plan):
            let rule = policy.rules[plan.ruleIndex]
            let promise = makePromise(mode: .shipFromStore, rule: rule, shipmentNodes: plan.shipmentNodes, pickupNode: nil, now: now)
            let first = plan.shipmentNodes[0]
            return PromiseQuote(nodeId: nodes.ids[first], promise: promise, distanceKm: scratch.distanceKm[first], unavailableReason: nil)
        case .failed(let failure):
            return PromiseQuote(nodeId: nil, promise: nil, distanceKm: nil, unavailableReason: failure.reason)
        }
    }
}
