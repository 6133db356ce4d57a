import Routing
import Testing

@Suite("Human review")
struct ReviewTests {
    @Test("a high-value order is held, cannot ship, and ships after approval with an audit record")
    func holdAndApprove() throws {
        let engine = RoutingFixtures.engine(review: ReviewRules(orderTotalAbove: 100_000))
        let decision = try engine.route(RoutingFixtures.order("H-1", [("SKU-A", 1)], total: 250_000))
        #expect(decision.status == .held)
        #expect(decision.reviewReasons == ["order total 250000 above 100000"])
        #expect(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 1, "held orders keep their reservation")
        #expect(engine.heldOrders().map(\.orderId) == ["H-1"])
        #expect(throws: RoutingError.self) { try engine.markShipped(orderId: "H-1") }

        let outcome = try engine.approve(orderId: "H-1", by: "li.wei")
        #expect(outcome.decision.status == .routed)
        #expect(outcome.audit.action == "approve")
        #expect(outcome.audit.actor == "li.wei")
        #expect(outcome.audit.at == RoutingFixtures.now)
        #expect(engine.heldOrders().isEmpty)
        try engine.markShipped(orderId: "H-1")
        #expect(throws: RoutingError.self) { try engine.approve(orderId: "H-1", by: "li.wei") }
    }

    @Test("an override moves the reservation to the given nodes and audits before and after")
    func overrideMovesStock() throws {
        let engine = RoutingFixtures.engine(review: ReviewRules(orderTotalAbove: 100_000))
        _ = try engine.route(RoutingFixtures.order("H-2", [("SKU-A", 3)], total: 300_000))
        let outcome = try engine.override(orderId: "H-2", to: ["WH-BJ"], by: "zhang.min", reason: "customer asked")
        #expect(outcome.decision.status == .routed)
        #expect(outcome.decision.nodeIds == ["WH-BJ"])
        #expect(outcome.audit.beforeNodeIds == ["WH-SH"])
        #expect(outcome.audit.afterNodeIds == ["WH-BJ"])
        #expect(outcome.audit.reason == "customer asked")
        #expect(outcome.reroute?.previousNodeIds == ["WH-SH"])
        #expect(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 0)
        #expect(engine.stockLevel(nodeId: "WH-BJ", sku: "SKU-A")?.reserved == 3)
        #expect(engine.auditTrail(orderId: "H-2").count == 1)
    }

    @Test("an override to nodes without stock fails and changes nothing")
    func infeasibleOverride() throws {
        let engine = RoutingFixtures.engine(review: ReviewRules(orderTotalAbove: 100_000))
        _ = try engine.route(RoutingFixtures.order("H-3", [("SKU-A", 3)], total: 300_000))
        #expect {
            try engine.override(orderId: "H-3", to: ["WH-GZ"], by: "ops")
        } throws: { error in
            (error as? RoutingError)?.code == .overrideInfeasible
        }
        #expect(engine.decision(orderId: "H-3")?.status == .held)
        #expect(engine.stockLevel(nodeId: "WH-SH", sku: "SKU-A")?.reserved == 3)
        #expect(engine.auditTrail().isEmpty)
    }

    @Test("too many shipments and too-close scores are held")
    func shipmentAndMarginRules() throws {
        let split = RoutingFixtures.network(
            shanghaiWarehouse: ["SKU-A": 10], beijingWarehouse: ["SKU-B": 10], guangzhouWarehouse: [:], shanghaiStore: [:], hangzhouStore: [:])
        let splitEngine = RoutingFixtures.engine(network: split, review: ReviewRules(shipmentsAbove: 1))
        let held = try splitEngine.route(RoutingFixtures.order("H-4", [("SKU-A", 1), ("SKU-B", 1)]))
        #expect(held.status == .held)
        #expect(held.reviewReasons.first?.contains("2 shipments") == true)

        let marginEngine = RoutingFixtures.engine(review: ReviewRules(scoreMarginBelow: 1_000_000))
        let close = try marginEngine.route(RoutingFixtures.order("H-5", [("SKU-A", 1)]))
        #expect(close.status == .held)
        #expect(close.reviewReasons.first?.contains("second-best") == true)
    }
}
