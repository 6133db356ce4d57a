import Foundation
import HTTPTypes
import Testing

/// Route behaviour through the router in process: answers and codes, without a socket.
@Suite struct InProcessRouteTests {
    @Test func anAcceptedOrderIsReadBackWithItsTimeline() async throws {
        try await InProcessGateway.with { (gateway: InProcessGateway) async throws in
            let posted = try await gateway.send(.post, "/v1/channels/canonical/orders", body: Orders.canonical("IP-1"))
            #expect(posted.status == .accepted)
            let orderId = try #require(((try InProcessGateway.object(posted)["events"] as? [[String: Any]])?.first)?["orderId"] as? String)
            let order = try await gateway.send(.get, "/v1/orders/\(orderId)")
            #expect(order.status == .ok)
            let fields = try InProcessGateway.object(order)
            #expect(fields["channelOrderId"] as? String == "IP-1")
            #expect((fields["timeline"] as? [Any])?.count == 1)
        }
    }

    @Test func badInputGetsAStatusACodeAndTheField() async throws {
        try await InProcessGateway.with { (gateway: InProcessGateway) async throws in
            let unknown = try await gateway.send(.post, "/v1/channels/nowhere/orders", body: Orders.canonical("IP-2"))
            #expect(unknown.status == .notFound)
            let error = try InProcessGateway.object(unknown)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "unknown_channel")
            #expect(error?["field"] as? String == "channel")
            let broken = try await gateway.send(.post, "/v1/channels/canonical/orders", body: "{\"channelOrderId\":")
            #expect(broken.status == .badRequest)
            #expect((try InProcessGateway.object(broken)["error"] as? [String: Any])?["code"] as? String == "invalid_json")
            let noToken = try await gateway.send(.get, "/v1/orders", headers: [.authorization: ""])
            #expect(noToken.status == .unauthorized)
            #expect(try await gateway.send(.get, "/healthz", headers: [.authorization: ""]).status == .ok)
        }
    }
}
