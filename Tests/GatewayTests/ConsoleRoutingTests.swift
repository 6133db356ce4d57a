import Adapters
import Foundation
import Gateway
import Testing

/// The console's routing and operations screens: a node status change previewed (nothing changes) then made and
/// audited; held-order approval; who may do what.
@Suite struct ConsoleRoutingTests {
    static func routedNode(_ gateway: LiveGateway, _ orderId: String) async throws -> String {
        let routed = try await RoutingAPITests.waitForType(gateway, orderId, "com.channelgate.order.routed")
        let data = try #require(routed.first?["data"] as? [String: Any])
        let shipments = try #require(data["shipments"] as? [[String: Any]])
        return try #require(shipments.first?["nodeId"] as? String)
    }

    @Test func markingANodeDownIsPreviewedThenMadeAndAudited() async throws {
        try await LiveGateway.with(configure: RoutingAPITests.configure) { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", RoutingAPITests.order("CR-1"))
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let node = try await Self.routedNode(gateway, orderId)
            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            let page = try await visitor.get("/console/routing")
            #expect(page.status == 200)
            #expect(page.text.contains("data-node=\"\(node)\""))

            let preview = try await visitor.post("/console/routing/nodes/\(node)/preview", ["status": "down"], fragment: true)
            #expect(preview.status == 200)
            #expect(preview.text.contains(orderId), "the preview lists the order that would move")
            #expect(preview.text.contains("id=\"confirm-node-status\""))
            #expect(try await Self.routedNode(gateway, orderId) == node, "a preview moves nothing")
            let nodes = try await gateway.get("/v1/routing/nodes")
            #expect(nodes.text.contains("\"nodeId\":\"\(node)\"") && !nodes.text.contains("\"status\":\"down\""))

            let viewer = try await gateway.post("/v1/admin/clients", #"{"clientId":"ops-viewer","name":"test","scopes":["orders:read"]}"#)
            let secret = try #require(try JSON.object(viewer)["clientSecret"] as? String)
            let reader = try await ConsoleVisitor.signIn(gateway, clientId: "ops-viewer", secret: secret)
            #expect(try await reader.get("/console/routing").status == 200)
            #expect(try await reader.post("/console/routing/nodes/\(node)/status", ["status": "down"]).status == 403)
            #expect(try await reader.get("/console/operations").status == 403, "operations show clients and the audit log: admin only")

            let done = try await visitor.post("/console/routing/nodes/\(node)/status", ["status": "down"])
            #expect(done.status == 200)
            #expect(done.text.contains("\(node) is down"))
            let rerouted = try await RoutingAPITests.waitForType(gateway, orderId, "com.channelgate.order.rerouted")
            #expect(!rerouted.isEmpty, "the order was moved off the node")
            let audit = try await ConsoleTests.auditActions(gateway)
            #expect(audit.contains { $0.action == "routing.node_status" && $0.actor == "demo" })
            let operations = try await visitor.get("/console/operations")
            #expect(operations.status == 200)
            #expect(operations.text.contains("routing.node_status"), "the audit log is on the operations screen")
            #expect(!operations.text.contains("secretHash"))
        }
    }

    @Test func aHeldOrderIsApprovedFromTheConsoleAndAnOverrideIsPreviewedFirst() async throws {
        try await LiveGateway.with(configure: RoutingAPITests.configure) { gateway in
            let held = #"{"channelOrderId":"CH-1","order":{"placedAt":"2026-11-27T10:00:00+08:00","currency":"CNY","amounts":{"total":"6000.00"},"shippingAddress":{"country":"CN","city":"Shanghai","latitude":31.23,"longitude":121.47,"street":["1 Road"]},"lines":[{"sku":"SKU-POT-01","quantity":2,"unitPrice":"3000.00"}]}}"#
            let posted = try await gateway.post("/v1/channels/canonical/orders", held)
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            _ = try await RoutingAPITests.waitForType(gateway, orderId, "com.channelgate.order.routed")
            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            let page = try await visitor.get("/console/held")
            #expect(page.text.contains("data-order=\"\(orderId)\""))
            let preview = try await visitor.post("/console/held/\(orderId)/override-preview", ["node": "WH-BJ-01", "reason": "closer to the buyer's office"], fragment: true)
            #expect(preview.status == 200)
            #expect(preview.text.contains("Moved to WH-BJ-01"))
            #expect(try await visitor.get("/console/held").text.contains("data-order=\"\(orderId)\""), "a preview releases nothing")
            let noReason = try await visitor.post("/console/held/\(orderId)/override", ["node": "WH-BJ-01", "reason": " "])
            #expect(noReason.status == 422)
            let approved = try await visitor.post("/console/held/\(orderId)/approve", [:])
            #expect(approved.status == 200)
            #expect(approved.text.contains("Approved: \(orderId) is released."))
            #expect(!approved.text.contains("data-order=\"\(orderId)\""))
            #expect(try await ConsoleTests.auditActions(gateway).contains { $0.action == "routing.approve" && $0.actor == "demo" })
            let again = try await visitor.post("/console/held/\(orderId)/approve", [:])
            #expect(again.status == 409, "an order no longer held cannot be approved twice")
        }
    }
}

/// The operations screen: a set-aside subscription event is delivered again from the console, audited.
@Suite struct ConsoleOperationsTests {
    @Test func aSetAsideEventIsRedeliveredFromTheConsole() async throws {
        try await FakeReceiver.with { receiver in
            receiver.answer { _, _ in false }
            try await LiveGateway.with(configure: {
                $0.deliveryRetry.baseDelay = .milliseconds(10)
                $0.deliveryRetry.maxDelay = .milliseconds(20)
                $0.deliveryRetry.maxAttempts = 1
            }) { gateway in
                let created = try await gateway.post("/v1/admin/subscriptions", #"{"url":"\#(receiver.url)","fromStart":true}"#)
                #expect(created.status == 201)
                let subscription = try #require(try JSON.object(created)["id"] as? String)
                #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("OPS-1")).status == 202)
                var failures: [[String: Any]] = []
                for _ in 0..<200 where failures.isEmpty {
                    failures = (try JSON.object(try await gateway.get("/v1/admin/subscriptions/\(subscription)/failures")))["failures"] as? [[String: Any]] ?? []
                    try await Task.sleep(for: .milliseconds(50))
                }
                let failure = try #require(failures.first?["id"] as? Int)
                let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
                let page = try await visitor.get("/console/operations")
                #expect(page.text.contains("data-failure=\"\(failure)\""))
                let refused = try await visitor.post("/console/operations/subscriptions/\(subscription)/failures/\(failure)/redeliver", [:])
                #expect(refused.status == 502, "the subscriber still refuses")
                receiver.answer { _, _ in true }
                let done = try await visitor.post("/console/operations/subscriptions/\(subscription)/failures/\(failure)/redeliver", [:])
                #expect(done.status == 200)
                #expect(done.text.contains("was delivered again"))
                #expect(!done.text.contains("data-failure=\"\(failure)\""))
                #expect(try await ConsoleTests.auditActions(gateway).contains { $0.action == "subscription.redeliver" && $0.actor == "demo" })
            }
        }
    }
}
