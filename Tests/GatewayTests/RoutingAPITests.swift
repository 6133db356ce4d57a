import UseCases
import Foundation
import Gateway
import Testing

@Suite struct RoutingAPITests {
    static func configure(_ configuration: inout GatewayConfiguration) {
        configuration.routingNetworkFile = repository + "/config/network.example.yaml"
        configuration.routingPolicyFile = repository + "/config/routing-policy.yaml"
    }

    static func order(_ id: String, sku: String = "SKU-TEA-01", quantity: Int = 1, city: String = "Shanghai", lat: Double = 31.23, lon: Double = 121.47) -> String {
        #"{"channelOrderId":"\#(id)","order":{"placedAt":"2026-11-27T10:00:00+08:00","currency":"CNY","amounts":{"total":"25.00"},"shippingAddress":{"country":"CN","city":"\#(city)","latitude":\#(lat),"longitude":\#(lon),"street":["1 Road"]},"lines":[{"sku":"\#(sku)","quantity":\#(quantity),"unitPrice":"\#(String(format: "%.2f", 25.0 / Double(quantity)))"}]}}"#
    }

    static func timeline(_ gateway: LiveGateway, _ orderId: String) async throws -> [[String: Any]] {
        (try JSON.object(try await gateway.get("/v1/orders/\(orderId)")))["timeline"] as? [[String: Any]] ?? []
    }

    static func waitForType(_ gateway: LiveGateway, _ orderId: String, _ type: String, count: Int = 1) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for _ in 0..<100 {
            found = try await timeline(gateway, orderId).filter { $0["type"] as? String == type }
            if found.count >= count { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return found
    }

    @Test func everyNewOrderIsRoutedAndTheDecisionIsAnEventOfTheOrder() async throws {
        try await LiveGateway.with(configure: Self.configure) { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Self.order("R-1"))
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let routed = try await Self.waitForType(gateway, orderId, "com.channelgate.order.routed")
            let data = try #require(routed.first?["data"] as? [String: Any])
            #expect(data["status"] as? String == "routed")
            let shipments = data["shipments"] as? [[String: Any]] ?? []
            #expect(shipments.first?["nodeId"] as? String != nil)
            #expect((data["explanation"] as? [String: Any])?["decidingRule"] != nil)
            // The promise for the same address answers from the same network.
            let promise = try JSON.object(try await gateway.get("/v1/promise?lat=31.23&lon=121.47&items=SKU-TEA-01:1"))
            #expect(promise["nodeId"] as? String != nil)
            #expect(try await gateway.get("/v1/promise?lat=95&lon=0&items=SKU-TEA-01:1").status == 400)
            // A channel cannot forge a routing event.
            let forged = try await gateway.post("/v1/channels/canonical/orders", #"{"type":"OrderRouted","channelOrderId":"R-1"}"#)
            #expect(forged.status == 422)
        }
    }

    @Test func markingANodeDownReroutesItsOpenOrdersButNotShippedOnes() async throws {
        try await LiveGateway.with(configure: Self.configure) { gateway in
            var orderIds: [String] = []
            for index in 0..<6 {
                let posted = try await gateway.post("/v1/channels/canonical/orders", Self.order("F-\(index)"))
                orderIds.append(try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String))
            }
            for orderId in orderIds { _ = try await Self.waitForType(gateway, orderId, "com.channelgate.order.routed") }
            let node = try #require(((try await Self.timeline(gateway, orderIds[0])).last?["data"] as? [String: Any]).flatMap {
                ($0["shipments"] as? [[String: Any]])?.first?["nodeId"] as? String
            })
            // One order ships before the failover.
            _ = try await gateway.post("/v1/orders/\(orderIds[0])/changes", #"{"type":"ShipmentUpdated","shipment":{"status":"shipped","carrier":"SF"}}"#)
            try await Task.sleep(for: .milliseconds(300))
            let answer = try await gateway.client.send(
                "PUT", gateway.baseURL + "/v1/routing/nodes/\(node)/status",
                headers: gateway.authorized(["Content-Type": "application/json"]), body: Array(#"{"status":"down"}"#.utf8)
            )
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try JSON.object(answer)["rerouted"] as? Int == 5)
            for orderId in orderIds.dropFirst() {
                let rerouted = try await Self.waitForType(gateway, orderId, "com.channelgate.order.rerouted")
                let decision = (rerouted.first?["data"] as? [String: Any])?["decision"] as? [String: Any]
                #expect((decision?["shipments"] as? [[String: Any]])?.contains { $0["nodeId"] as? String == node } == false)
            }
            #expect(try await Self.timeline(gateway, orderIds[0]).contains { $0["type"] as? String == "com.channelgate.order.rerouted" } == false)
            let audit = (try JSON.object(try await gateway.get("/v1/admin/audit")))["entries"] as? [[String: Any]] ?? []
            #expect(audit.contains { $0["action"] as? String == "routing.node_status" })
        }
    }

    @Test func decisionsSurviveARestartWithoutRoutingTwice() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-route-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configure: (inout GatewayConfiguration) -> Void = { configuration in
            Self.configure(&configuration)
            configuration.dataDirectory = directory
        }
        let orderId = try await LiveGateway.with(configure: configure, keepData: true) { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Self.order("K-1", sku: "SKU-POT-01", quantity: 3))
            let id = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            _ = try await Self.waitForType(gateway, id, "com.channelgate.order.routed")
            // Operator changes to the network outlive the process too.
            let down = try await gateway.client.send(
                "PUT", gateway.baseURL + "/v1/routing/nodes/WH-BJ-01/status", headers: gateway.authorized(["Content-Type": "application/json"]),
                body: Array(#"{"status":"down"}"#.utf8)
            )
            #expect(down.status == 200)
            return id
        }
        try await LiveGateway.with(configure: configure, keepData: true) { gateway in
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.timeline(gateway, orderId).filter { $0["type"] as? String == "com.channelgate.order.routed" }.count == 1)
            let answer = try await gateway.get("/v1/routing/nodes")
            let nodes = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [[String: Any]] ?? []
            #expect(nodes.reduce(0) { $0 + ($1["openOrders"] as? Int ?? 0) } == 1, "the restored decision holds its reservation again")
            #expect(nodes.first { $0["nodeId"] as? String == "WH-BJ-01" }?["status"] as? String == "down")
        }
    }

    @Test func onlyOneProcessOnAStoreRoutesAndAReturnGoesToAStore() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-lease-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configure: @Sendable (inout GatewayConfiguration) -> Void = { configuration in
            Self.configure(&configuration)
            configuration.dataDirectory = directory
        }
        try await LiveGateway.with(configure: configure, keepData: true) { first in
            let posted = try await first.post("/v1/channels/canonical/orders", Self.order("L-1"))
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            _ = try await Self.waitForType(first, orderId, "com.channelgate.order.routed")
            try await LiveGateway.with(configure: configure, keepData: true) { second in
                let standby = try await second.get("/v1/routing/nodes")
                #expect(standby.status == 503)
                #expect(JSON.errorCode(standby) == "routing_standby")
                // An order taken in by the second process is routed once, by the first.
                let other = try await second.post("/v1/channels/canonical/orders", Self.order("L-2"))
                let otherId = try #require((try JSON.object(other)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
                #expect(try await Self.waitForType(first, otherId, "com.channelgate.order.routed").count == 1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await Self.timeline(second, otherId).filter { $0["type"] as? String == "com.channelgate.order.routed" }.count == 1)
            }
            // Shipped, then returned: the routing core names the store the return goes back to.
            _ = try await first.post("/v1/orders/\(orderId)/changes", #"{"type":"ShipmentUpdated","shipment":{"status":"delivered"}}"#)
            let returned = try await first.post("/v1/channels/canonical/orders", #"{"type":"ReturnRequested","channelOrderId":"L-1","return":{"reason":"too big"}}"#)
            #expect(returned.status == 202)
            let routedBack = try await Self.waitForType(first, orderId, "com.channelgate.order.return_routed")
            #expect((routedBack.first?["data"] as? [String: Any])?["nodeKind"] as? String == "store")
        }
    }

    @Test func policyVersionsArePublishedRefusedWholeAndRolledBack() async throws {
        try await LiveGateway.with(configure: Self.configure) { gateway in
            let policy = try String(contentsOfFile: repository + "/config/routing-policy.yaml", encoding: .utf8)
            let broken = try await gateway.post("/v1/routing/policy", "rules:\n  - name: x\n    when: {bogus: 1}\n", contentType: "application/yaml")
            #expect(broken.status == 422)
            #expect(JSON.errorCode(broken) == "invalid_policy")
            #expect(JSON.errorField(broken)?.hasPrefix("line ") == true)
            let first = try await gateway.post("/v1/routing/policy", policy, contentType: "application/yaml", headers: ["X-Author": "ops-li"])
            #expect(first.status == 201, "\(first.text.prefix(300))")
            let second = try await gateway.post("/v1/routing/policy", policy + "\n# tuned\n", contentType: "application/yaml")
            #expect(try JSON.object(second)["version"] as? Int == 2)
            #expect((try JSON.object(second)["diff"] as? String)?.contains("+ # tuned") == true)
            let rolledBack = try await gateway.post("/v1/routing/policy/rollback", #"{"version":1}"#)
            #expect(try JSON.object(rolledBack)["active"] as? Bool == true)
            let versions = (try JSON.object(try await gateway.get("/v1/routing/policy/versions")))["versions"] as? [[String: Any]] ?? []
            #expect(versions.map { $0["version"] as? Int } == [2, 1])
            #expect(versions.first { $0["active"] as? Bool == true }?["author"] as? String == "ops-li")
            let audit = (try JSON.object(try await gateway.get("/v1/admin/audit")))["entries"] as? [[String: Any]] ?? []
            #expect(audit.compactMap { $0["action"] as? String }.filter { $0.hasPrefix("routing.policy") }
                == ["routing.policy_publish", "routing.policy_publish", "routing.policy_rollback"])
        }
    }
}
