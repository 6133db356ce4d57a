import Foundation
import Routing
import Testing

@Suite("Policies, promises and event payloads")
struct PolicyAndPromiseTests {
    @Test("promise: 2-hour from a same-city store, else next day with compensation, else unavailable")
    func promiseQuotes() throws {
        let engine = RoutingFixtures.engine()
        let nearby = try engine.promise(shipTo: RoutingFixtures.shanghai, items: [OrderLine(sku: "SKU-A", quantity: 1)])
        #expect(nearby.nodeId == "ST-SH")
        #expect(nearby.promise?.kind == .twoHour)
        #expect(nearby.promise?.eta == RoutingFixtures.now.addingTimeInterval(7_200))
        #expect(nearby.promise?.compensation == false)

        let hangzhou = ShipTo(lat: 30.28, lon: 120.15, city: "Hangzhou")
        let far = try engine.promise(shipTo: hangzhou, items: [OrderLine(sku: "SKU-A", quantity: 1)])
        #expect(far.nodeId == "WH-SH")
        #expect(far.promise?.kind == .nextDay)
        #expect(far.promise?.compensation == true)

        let none = try engine.promise(shipTo: RoutingFixtures.shanghai, items: [OrderLine(sku: "SKU-Z", quantity: 1)])
        #expect(none.nodeId == nil)
        #expect(none.unavailableReason == "SKU-Z is stocked nowhere")
        #expect(engine.stockLevel(nodeId: "ST-SH", sku: "SKU-A")?.reserved == 0, "quotes reserve nothing")
    }

    @Test("priority and channel overrides change the weights")
    func overridesApply() throws {
        let policy = try RoutingPolicyLoader.parse(
            """
            name: regional
            version: "7"
            rules:
              - {name: nearest-or-cheapest, select: anyNode}
            weights: {load: 0}
            overrides:
              - priority: express
                weights: {cost: 0, distancePerKm: 1}
              - channel: douyin
                review: {orderTotalAbove: 1}
            """, file: "regional.yaml")
        #expect(policy.version == "7")
        let engine = RoutingEngine(network: RoutingFixtures.network(), policy: policy, clock: { RoutingFixtures.now })
        let atStore = ShipTo(lat: 31.245, lon: 121.505, city: "Shanghai")
        let standard = try engine.route(RoutingFixtures.order("O-1", [("SKU-A", 1)], shipTo: atStore))
        let express = try engine.route(RoutingFixtures.order("O-2", [("SKU-A", 1)], shipTo: atStore, priority: "express"))
        let douyin = try engine.route(RoutingFixtures.order("O-3", [("SKU-A", 1)], channel: "douyin"))
        #expect(standard.nodeIds == ["WH-SH"], "the cheapest node wins by default")
        #expect(express.nodeIds == ["ST-SH"], "express orders go to the nearest node")
        #expect(douyin.status == .held)
        #expect(standard.policy == "regional@7")
        #expect(standard.explanation.candidates.map(\.nodeId) == ["WH-SH", "ST-SH", "WH-BJ"], "every node with SKU-A is scored, best first")
    }

    @Test("decisions and reroutes encode as JSON event data and decode back")
    func payloadsRoundTrip() throws {
        let engine = RoutingFixtures.engine()
        let decision = try engine.route(RoutingFixtures.order("J-1", [("SKU-A", 1)]))
        let change = try engine.setNodeStatus("WH-SH", to: .down)
        let reroute = try #require(change.reroutes.first)
        let decisionJSON = try RoutingJSON.encode(decision)
        let rerouteJSON = try RoutingJSON.encode(reroute)
        #expect(try RoutingJSON.decode(RoutingDecision.self, from: decisionJSON) == decision)
        #expect(try RoutingJSON.decode(RerouteResult.self, from: rerouteJSON) == reroute)
        let text = String(decoding: rerouteJSON, as: UTF8.self)
        #expect(text.contains("\"previousNodeIds\":[\"WH-SH\"]"))
        #expect(text.contains("\"eta\":\"2026-"))
        #expect(text.contains("\"kind\":\"next-day\""))
    }

    @Test("the shipped example network and policy load and route the demo orders")
    func exampleFiles() throws {
        let directory = RoutingFixtures.configDirectory
        let engine = try RoutingEngine(
            networkFile: directory.appendingPathComponent("network.example.yaml").path,
            policyFile: directory.appendingPathComponent("routing-policy.yaml").path)
        #expect(engine.policy.rules.map(\.name) == ["pickup-in-store", "two-hour-from-store", "best-warehouse", "any-node-split"])
        let decision = try engine.route(RoutingFixtures.order("E-1", [("SKU-TEA-01", 1)], mode: .shipFromStore))
        #expect(decision.nodeIds == ["ST-SH-01"])
        #expect(decision.promise?.kind == .twoHour)
    }
}
