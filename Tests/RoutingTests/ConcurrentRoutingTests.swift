import Routing
import Testing

@Suite("Concurrent routing")
struct ConcurrentRoutingTests {
    @Test("many tasks routing against scarce stock never oversell")
    func scarceStockNeverOversells() async throws {
        let network = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 50], beijingWarehouse: ["SKU-A": 30], guangzhouWarehouse: [:],
            shanghaiStore: ["SKU-A": 7], hangzhouStore: [:])
        let engine = RoutingFixtures.engine(network: network)
        let orderCount = 400
        let decisions = try await withThrowingTaskGroup(of: RoutingDecision.self) { group in
            for index in 0..<orderCount {
                group.addTask {
                    let quantity = 1 + index % 3
                    return try engine.route(RoutingFixtures.order("C-\(index)", [("SKU-A", quantity)]))
                }
            }
            var all: [RoutingDecision] = []
            for try await decision in group { all.append(decision) }
            return all
        }
        #expect(decisions.count == orderCount)
        var shippedPerNode: [String: Int] = [:]
        for decision in decisions where decision.status == .routed {
            for shipment in decision.shipments {
                shippedPerNode[shipment.nodeId, default: 0] += shipment.lines.reduce(0) { $0 + $1.quantity }
            }
        }
        let limits = ["WH-SH": 50, "WH-BJ": 30, "ST-SH": 7]
        for (node, limit) in limits {
            let level = try #require(engine.stockLevel(nodeId: node, sku: "SKU-A"))
            #expect(level.reserved == shippedPerNode[node, default: 0], "reservations at \(node) match the decisions")
            #expect(level.reserved <= limit, "\(node) never reserves more than it has")
            #expect(level.available >= 0)
        }
        #expect(shippedPerNode.values.reduce(0, +) <= 87)
        let backordered = decisions.filter { $0.status == .backordered }
        #expect(backordered.count == engine.backorders().count)
        #expect(!backordered.isEmpty)
        let leftovers = try limits.keys.map { try #require(engine.stockLevel(nodeId: $0, sku: "SKU-A")).available }
        let smallestBackorder = backordered.compactMap { Int($0.orderId.dropFirst(2)) }.map { 1 + $0 % 3 }.min() ?? 0
        #expect(leftovers.allSatisfy { $0 < smallestBackorder }, "no backordered order could still be filled by any node")
    }
}
