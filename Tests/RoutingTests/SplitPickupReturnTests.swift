import Foundation
import Routing
import Testing

@Suite("Split, pickup, ship-from-store and returns")
struct SplitPickupReturnTests {
    @Test("an order one node can fill is never split")
    func singleNodeWhenPossible() throws {
        let engine = RoutingFixtures.engine()
        let decision = try engine.route(RoutingFixtures.order("S-1", [("SKU-A", 2), ("SKU-B", 1)]))
        #expect(decision.status == .routed)
        #expect(decision.nodeIds == ["WH-SH"])
        #expect(decision.explanation.decidingRule == "best-warehouse")
        #expect(decision.explanation.candidates.first?.nodeId == "WH-SH")
    }

    @Test("an order no single node can fill is split across the fewest nodes, each shipping its lines")
    func splitAcrossTwoNodes() throws {
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 10], beijingWarehouse: ["SKU-B": 10], guangzhouWarehouse: ["SKU-C": 10],
            shanghaiStore: [:], hangzhouStore: ["SKU-B": 5, "SKU-C": 5])
        let engine = RoutingFixtures.engine(network: network)
        let decision = try engine.route(RoutingFixtures.order("S-2", [("SKU-A", 1), ("SKU-B", 1), ("SKU-C", 1)]))
        #expect(decision.status == .routed)
        #expect(decision.shipments.count == 2, "two nodes suffice (WH-SH + ST-HZ), so no third shipment")
        #expect(Set(decision.nodeIds) == ["WH-SH", "ST-HZ"])
        let hangzhou = try #require(decision.shipments.first { $0.nodeId == "ST-HZ" })
        #expect(Set(hangzhou.lines.map(\.sku)) == ["SKU-B", "SKU-C"])
        #expect(decision.explanation.decidingRule == "any-node-split")
        #expect(engine.stockLevel(nodeId: "ST-HZ", sku: "SKU-C")?.reserved == 1)
    }

    @Test("a three-way split when no pair can fill the order")
    func splitAcrossThreeNodes() throws {
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 10], beijingWarehouse: ["SKU-B": 10], guangzhouWarehouse: ["SKU-C": 10],
            shanghaiStore: [:], hangzhouStore: [:])
        let engine = RoutingFixtures.engine(network: network)
        let decision = try engine.route(RoutingFixtures.order("S-3", [("SKU-A", 1), ("SKU-B", 1), ("SKU-C", 1)]))
        #expect(decision.shipments.count == 3)
        #expect(decision.totalCost == decision.shipments.reduce(0) { $0 + $1.cost })
    }

    @Test("pickup in store reserves at that store and promises pickup")
    func pickupAtChosenStore() throws {
        let engine = RoutingFixtures.engine()
        let decision = try engine.route(RoutingFixtures.order("P-1", [("SKU-A", 2)], shipTo: nil, mode: .pickup(storeId: "ST-SH")))
        #expect(decision.nodeIds == ["ST-SH"])
        #expect(decision.explanation.decidingRule == "pickup-in-store")
        #expect(decision.promise?.kind == .pickup)
        #expect(decision.promise?.compensation == false)
        #expect(decision.promise?.eta == RoutingFixtures.now.addingTimeInterval(3_600))
    }

    @Test("a pickup store without stock falls back to a warehouse shipping to the store")
    func pickupFallsBack() throws {
        let engine = RoutingFixtures.engine()
        let decision = try engine.route(RoutingFixtures.order("P-2", [("SKU-A", 1)], shipTo: nil, mode: .pickup(storeId: "ST-HZ")))
        #expect(decision.nodeIds == ["WH-SH"])
        #expect(decision.promise?.kind == .pickup)
        #expect(decision.promise?.compensation == true)
        #expect(decision.explanation.notes.contains { $0.hasPrefix("pickup-in-store") })
    }

    @Test("ship-from-store gives 2-hour delivery from a same-city store, otherwise next day with compensation")
    func shipFromStore() throws {
        let engine = RoutingFixtures.engine()
        let nearby = try engine.route(RoutingFixtures.order("F-1", [("SKU-B", 1)], mode: .shipFromStore))
        #expect(nearby.nodeIds == ["ST-SH"])
        #expect(nearby.promise?.kind == .twoHour)
        #expect(nearby.promise?.compensation == false)
        let far = try engine.route(RoutingFixtures.order("F-2", [("SKU-B", 1)], shipTo: RoutingFixtures.chengdu, mode: .shipFromStore))
        #expect(far.promise?.kind != .twoHour)
        #expect(far.promise?.compensation == true)
    }

    @Test("a return goes to the nearest store that takes returns, only after shipping")
    func returnToNearestStore() throws {
        let engine = RoutingFixtures.engine()
        let hangzhou = ShipTo(lat: 30.28, lon: 120.15, city: "Hangzhou")
        _ = try engine.route(RoutingFixtures.order("R-1", [("SKU-A", 1)], shipTo: hangzhou))
        #expect(throws: RoutingError.self) { try engine.routeReturn(orderId: "R-1") }
        try engine.markShipped(orderId: "R-1")
        let decision = try engine.routeReturn(orderId: "R-1")
        #expect(decision.nodeId == "ST-HZ")
        #expect(decision.nodeKind == .store)
        #expect(decision.distanceKm < 5)
    }

    @Test("a node at capacity is skipped")
    func capacityRespected() throws {
        let engine = RoutingFixtures.engine(network: RoutingFixtures.network(capacity: 1))
        let first = try engine.route(RoutingFixtures.order("K-1", [("SKU-A", 1)]))
        let second = try engine.route(RoutingFixtures.order("K-2", [("SKU-A", 1)]))
        #expect(first.nodeIds == ["WH-SH"])
        #expect(second.nodeIds == ["WH-BJ"])
        #expect(second.explanation.excluded.atCapacity == 1)
    }
}
