import Routing
import Testing

@Suite("Failover")
struct FailoverTests {
    @Test("marking a node down moves every open order and none that shipped")
    func failoverMovesOpenOrdersOnly() throws {
        let engine = RoutingFixtures.engine(review: ReviewRules(orderTotalAbove: 50_000))
        for index in 0..<30 {
            let total: Int64 = index == 29 ? 90_000 : 1_000
            _ = try engine.route(RoutingFixtures.order("F-\(index)", [("SKU-A", 1), ("SKU-B", 1)], total: total))
        }
        #expect(engine.decision(orderId: "F-29")?.status == .held)
        let shipped = Set((0..<10).map { "F-\($0)" })
        for id in shipped { try engine.markShipped(orderId: id) }
        let onHandBefore = try #require(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A")).onHand

        let change = try engine.setNodeStatus("WH-SH", to: .down)

        #expect(change.previous == .up && change.current == .down)
        let moved = Set(change.reroutes.map(\.orderId))
        #expect(moved == Set((10..<30).map { "F-\($0)" }), "every open order moved, no shipped one")
        #expect(moved.isDisjoint(with: shipped))
        for reroute in change.reroutes {
            #expect(reroute.previousNodeIds == ["WH-SH"])
            #expect(reroute.trigger == "node WH-SH down")
            #expect(reroute.decision.status != .backordered)
            #expect(!reroute.decision.nodeIds.contains("WH-SH"))
            #expect(reroute.decision.promise != nil)
        }
        #expect(change.reroutes.first { $0.orderId == "F-29" }?.decision.status == .held, "a held order stays held")
        let atShanghai = try #require(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A"))
        #expect(atShanghai.reserved == 0, "all reservations at the failed node were released")
        #expect(atShanghai.onHand == onHandBefore, "shipped units stay shipped")
        let elsewhere = ["WH-BJ", "WH-GZ", "ST-SH", "ST-HZ"].compactMap { engine.stockLevel(nodeId: $0, sku: "SKU-A")?.reserved }
        #expect(elsewhere.reduce(0, +) == 20, "the 20 moved orders are reserved elsewhere")
        for id in shipped { #expect(engine.decision(orderId: id)?.status == .shipped) }
        #expect(engine.nodeSummaries().first { $0.nodeId == "WH-SH" }?.openOrders == 0)
    }

    @Test("an order moved away and back is re-routed once when its node fails")
    func overriddenOrderReroutedOnce() throws {
        let engine = RoutingFixtures.engine()
        _ = try engine.route(RoutingFixtures.order("M-1", [("SKU-A", 1)]))
        _ = try engine.override(orderId: "M-1", to: ["WH-BJ"], by: "ops")
        _ = try engine.override(orderId: "M-1", to: ["WH-SH"], by: "ops")
        let change = try engine.setNodeStatus("WH-SH", to: .down)
        #expect(change.reroutes.map(\.orderId) == ["M-1"])
        #expect(engine.stockLevel(nodeId: "WH-BJ", sku: "SKU-A")?.reserved == 1)
    }

    @Test("orders that cannot move anywhere are backordered and routed when the node returns")
    func failoverToBackorderAndBack() throws {
        let network = RoutingFixtures.network(beijingWarehouse: [:], shanghaiStore: [:])
        let engine = RoutingFixtures.engine(network: network)
        _ = try engine.route(RoutingFixtures.order("B-1", [("SKU-A", 1)]))
        let down = try engine.setNodeStatus("WH-SH", to: .down)
        #expect(down.reroutes.first?.decision.status == .backordered)
        #expect(engine.backorders().map(\.orderId) == ["B-1"])
        let up = try engine.setNodeStatus("WH-SH", to: .up)
        #expect(up.routedBackorders.map(\.orderId) == ["B-1"])
        #expect(engine.decision(orderId: "B-1")?.nodeIds == ["WH-SH"])
    }

    @Test("failover of thousands of orders, some shipped, keeps stock totals exact")
    func largeFailoverKeepsTotals() throws {
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 5_000], beijingWarehouse: ["SKU-A": 3_000], guangzhouWarehouse: ["SKU-A": 3_000])
        let engine = RoutingFixtures.engine(network: network)
        let results = engine.route(batch: (0..<4_000).map { RoutingFixtures.order("L-\($0)", [("SKU-A", 1)]) })
        #expect(results.allSatisfy { (try? $0.get())?.nodeIds == ["WH-SH"] })
        for index in stride(from: 0, to: 4_000, by: 4) { try engine.markShipped(orderId: "L-\(index)") }
        let change = try engine.setNodeStatus("WH-SH", to: .down)
        #expect(change.reroutes.count == 3_000)
        #expect(!change.reroutes.contains { (Int($0.orderId.dropFirst(2)) ?? 0) % 4 == 0 }, "no shipped order moves")
        let reserved = ["WH-BJ", "WH-GZ", "ST-SH"].compactMap { engine.stockLevel(nodeId: $0, sku: "SKU-A")?.reserved }
        #expect(reserved.reduce(0, +) == 3_000)
        #expect(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A") == StockLevel(onHand: 4_000, reserved: 0))
        #expect(change.reroutes.allSatisfy { $0.decision.status == .routed })
    }
}
