import Routing
import Testing

@Suite("Wave routing")
struct WaveRoutingTests {
    @Test("a wave routes the order only one node can fill first, so both orders are filled")
    func constrainedOrderFirst() throws {
        // WH-SH is cheapest for both and the only node with SKU-B; one-by-one, O-1 takes its only SKU-A unit.
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 1, "SKU-B": 1], beijingWarehouse: ["SKU-A": 1], guangzhouWarehouse: [:],
            shanghaiStore: [:], hangzhouStore: [:])
        let batch = [
            RoutingFixtures.order("O-1", [("SKU-A", 1)]),
            RoutingFixtures.order("O-2", [("SKU-A", 1), ("SKU-B", 1)]),
        ]
        let oneByOne = RoutingFixtures.engine(network: network)
        let first = try batch.map { try oneByOne.route($0) }
        #expect(first.map(\.status) == [.routed, .routed])
        #expect(first[1].shipments.count == 2, "arriving second, O-2 must split")

        let wave = RoutingFixtures.engine(network: network)
        let results = try wave.route(batch: batch).map { try $0.get() }
        #expect(results.map(\.orderId) == ["O-1", "O-2"], "results come back in input order")
        #expect(results[1].nodeIds == ["WH-SH"], "O-2 ships whole from the only node with SKU-B")
        #expect(results[0].nodeIds == ["WH-BJ"])
        #expect(results.map(\.totalCost).reduce(0, +) < first.map(\.totalCost).reduce(0, +))
    }

    @Test("a wave moves an order aside to fill one that would otherwise wait")
    func repairFillsBackorder() throws {
        // Capacity 1 per node. O-3 can only use WH-GZ; O-1 (Shanghai) loses most without WH-SH, so it goes before O-2,
        // and O-2 then finds both of its nodes full until the repair moves O-1 on to WH-BJ.
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 1, "SKU-B": 1], beijingWarehouse: ["SKU-A": 1], guangzhouWarehouse: ["SKU-B": 1, "SKU-C": 1],
            shanghaiStore: [:], hangzhouStore: [:], capacity: 1)
        let batch = [
            RoutingFixtures.order("O-1", [("SKU-A", 1)]),
            RoutingFixtures.order("O-2", [("SKU-B", 1)], shipTo: RoutingFixtures.guangzhou),
            RoutingFixtures.order("O-3", [("SKU-C", 1)], shipTo: RoutingFixtures.guangzhou),
        ]
        let oneByOne = RoutingFixtures.engine(network: network)
        #expect(try batch.map { try oneByOne.route($0).status } == [.routed, .routed, .backordered])

        let wave = RoutingFixtures.engine(network: network)
        let results = try wave.route(batch: batch).map { try $0.get() }
        #expect(results.map(\.status) == [.routed, .routed, .routed])
        #expect(results.map(\.nodeIds) == [["WH-BJ"], ["WH-SH"], ["WH-GZ"]])
        #expect(results[1].explanation.notes.contains("filled by moving O-1"))
        #expect(wave.backorders().isEmpty)
        #expect(wave.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 0)
        #expect(wave.stockLevel(nodeId: "WH-BJ", sku: "SKU-A")?.reserved == 1)
    }

    @Test("invalid orders in a wave fail alone")
    func invalidOrderInWave() throws {
        let engine = RoutingFixtures.engine()
        let results = engine.route(batch: [RoutingFixtures.order("V-1", [("SKU-A", 1)]), RoutingFixtures.order("V-2", [])])
        #expect((try? results[0].get())?.status == .routed)
        #expect(throws: RoutingError.self) { try results[1].get() }
    }
}
