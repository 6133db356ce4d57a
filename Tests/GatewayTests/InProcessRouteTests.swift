import Gateway
import NIOCore
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

    @Test func orderAnswersKeepTheirShapeAndMaskWithoutPIIRead() async throws {
        try await InProcessGateway.with { (gateway: InProcessGateway) async throws in
            let posted = try await gateway.send(.post, "/v1/channels/canonical/orders", body: Orders.canonical("IP-3"))
            let orderId = try #require(((try InProcessGateway.object(posted)["events"] as? [[String: Any]])?.first)?["orderId"] as? String)
            let revealed = try InProcessGateway.object(try await gateway.send(.get, "/v1/orders/\(orderId)"))
            #expect(revealed["parentOrderId"] is NSNull)
            #expect((revealed["childOrderIds"] as? [Any])?.isEmpty == true)
            #expect((revealed["conflicts"] as? [Any])?.isEmpty == true)
            let order = try #require(revealed["order"] as? [String: Any])
            #expect((order["buyer"] as? [String: Any])?["name"] as? String == "Wang Fang")
            #expect((order["amounts"] as? [String: Any])?["total"] as? Int == 2500)
            #expect(order["placedAt"] as? String == "2026-11-27T02:00:00Z")
            let event = try #require((revealed["timeline"] as? [[String: Any]])?.first)
            #expect(event["specversion"] as? String == "1.0")
            #expect(event["type"] as? String == "com.channelgate.order.created")
            #expect(event["subject"] as? String == orderId)
            #expect(event["ordersequence"] as? Int == 1)
            #expect(((event["data"] as? [String: Any])?["buyer"] as? [String: Any])?["phone"] as? String == "13800138000")

            let form = "grant_type=client_credentials&client_id=\(GatewayServer.demoClientId)&client_secret=\(gateway.secret)&scope=orders:read"
            let narrow = try InProcessGateway.object(try await gateway.client.execute(
                uri: "/oauth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            ))
            let reader: HTTPFields = [.authorization: "Bearer " + (narrow["access_token"] as? String ?? "")]
            let masked = try InProcessGateway.object(try await gateway.send(.get, "/v1/orders/\(orderId)", headers: reader))
            let maskedOrder = try #require(masked["order"] as? [String: Any])
            #expect((maskedOrder["buyer"] as? [String: Any])?["name"] as? String == "W**")
            #expect((maskedOrder["shippingAddress"] as? [String: Any])?["street"] as? [String] == ["***"])
            let maskedEvent = try #require((masked["timeline"] as? [[String: Any]])?.first?["data"] as? [String: Any])
            #expect((maskedEvent["buyer"] as? [String: Any])?["phone"] as? String == "***8000")
            let listed = try InProcessGateway.object(try await gateway.send(.get, "/v1/orders?limit=5", headers: reader))
            #expect(listed["next"] is NSNull)
            let first = try #require((listed["orders"] as? [[String: Any]])?.first)
            #expect(((first["order"] as? [String: Any])?["buyer"] as? [String: Any])?["name"] as? String == "W**")
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
