import Routing
import Testing

@Suite("Backorders")
struct BackorderTests {
    @Test("an order no node can fill waits with its reason and is routed when stock arrives")
    func retriedWhenStockArrives() throws {
        let engine = RoutingFixtures.engine()
        let decision = try engine.route(RoutingFixtures.order("W-1", [("SKU-C", 150)]))
        #expect(decision.status == .backordered)
        #expect(decision.backorderReason == "SKU-C: 150 wanted, at most 100 available at one node")
        #expect(decision.promise == nil)
        #expect(engine.backorders() == [BackorderEntry(orderId: "W-1", reason: "SKU-C: 150 wanted, at most 100 available at one node")])

        let unrelated = try engine.adjustStock(nodeId: "WH-SH", sku: "SKU-A", by: 500)
        #expect(unrelated.isEmpty)
        let notEnough = try engine.adjustStock(nodeId: "WH-BJ", sku: "SKU-C", by: 20)
        #expect(notEnough.isEmpty)
        #expect(engine.backorders().count == 1)

        let routed = try engine.adjustStock(nodeId: "WH-GZ", sku: "SKU-C", by: 60)
        #expect(routed.map(\.orderId) == ["W-1"])
        #expect(routed.first?.nodeIds == ["WH-GZ"])
        #expect(engine.backorders().isEmpty)
        #expect(engine.stockLevel(nodeId: "WH-GZ", sku: "SKU-C")?.reserved == 150)
    }

    @Test("a SKU stocked nowhere is routed once a node receives it, oldest order first")
    func newSKU() throws {
        let engine = RoutingFixtures.engine()
        _ = try engine.route(RoutingFixtures.order("N-1", [("SKU-NEW", 2)]))
        _ = try engine.route(RoutingFixtures.order("N-2", [("SKU-NEW", 2)]))
        #expect(engine.decision(orderId: "N-1")?.backorderReason == "SKU-NEW is stocked nowhere")
        let routed = try engine.setStock(nodeId: "WH-BJ", sku: "SKU-NEW", onHand: 3)
        #expect(routed.map(\.orderId) == ["N-1"])
        #expect(engine.backorders().map(\.orderId) == ["N-2"])
    }

    @Test("stock cannot drop below what is reserved; cancelling frees stock for backorders")
    func stockGuardsAndCancel() throws {
        let engine = RoutingFixtures.engine(network: RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 2], beijingWarehouse: [:], guangzhouWarehouse: [:], shanghaiStore: [:], hangzhouStore: [:]))
        _ = try engine.route(RoutingFixtures.order("X-1", [("SKU-A", 2)]))
        _ = try engine.route(RoutingFixtures.order("X-2", [("SKU-A", 1)]))
        #expect(throws: RoutingError.self) { try engine.setStock(nodeId: "WH-SH", sku: "SKU-A", onHand: 1) }
        let freed = try engine.cancel(orderId: "X-1")
        #expect(freed.map(\.orderId) == ["X-2"])
        #expect(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 1)
    }

    @Test("invalid orders and duplicates are refused")
    func invalidOrders() throws {
        let engine = RoutingFixtures.engine()
        _ = try engine.route(RoutingFixtures.order("D-1", [("SKU-A", 1)]))
        #expect { try engine.route(RoutingFixtures.order("D-1", [("SKU-A", 1)])) } throws: { ($0 as? RoutingError)?.code == .duplicateOrder }
        #expect { try engine.route(RoutingFixtures.order("D-2", [("SKU-A", 0)])) } throws: { ($0 as? RoutingError)?.code == .invalidOrder }
        #expect { try engine.route(RoutingFixtures.order("D-3", [])) } throws: { ($0 as? RoutingError)?.code == .invalidOrder }
        #expect {
            try engine.route(RoutingFixtures.order("D-4", [("SKU-A", 1)], mode: .pickup(storeId: "ST-NOWHERE")))
        } throws: { ($0 as? RoutingError)?.code == .unknownNode }
    }
}

@Suite("Restore after restart")
struct RestoreTests {
    @Test("a restored engine holds the same reservations and moves restored orders on failover")
    func restoreReservations() throws {
        let original = RoutingFixtures.engine()
        let orders = (0..<5).map { RoutingFixtures.order("T-\($0)", [("SKU-A", 2)]) }
        let decisions = try orders.map { try original.route($0) }
        try original.markShipped(orderId: "T-0")

        let restarted = RoutingFixtures.engine()
        for (order, decision) in zip(orders, decisions) {
            let latest = try #require(original.decision(orderId: order.orderId))
            #expect(latest.orderId == decision.orderId)
            try restarted.restore(order, decision: latest)
        }
        #expect(restarted.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 8, "four open orders × 2 units; the shipped one reserves nothing")
        let change = try restarted.setNodeStatus("WH-SH", to: .down)
        #expect(change.reroutes.map(\.orderId) == ["T-1", "T-2", "T-3", "T-4"])
        #expect(throws: RoutingError.self) { try restarted.restore(orders[1], decision: decisions[1]) }
    }
}
