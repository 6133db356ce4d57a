import UseCases
import Foundation
import Gateway
import Testing

@Suite struct OutboundSyncTests {
    static let shipment = #"{"type":"ShipmentUpdated","shipment":{"status":"shipped","carrier":"SF","trackingNumber":"SF1234"}}"#
    static let cancellation = #"{"type":"OrderCancelled","cancellation":{"reason":"out of stock"}}"#

    static func entries(_ gateway: LiveGateway, status: String? = nil) async throws -> [[String: Any]] {
        (try JSON.object(try await gateway.get("/v1/outbox" + (status.map { "?status=" + $0 } ?? ""))))["entries"] as? [[String: Any]] ?? []
    }

    @Test func aShipmentRaisedInsideReachesTheChannelOnceThroughRetries() async throws {
        try await FakeReceiver.with { receiver in
            let calls = Counter()
            receiver.answer { _, _ in
                calls.increment()
                return calls.value > 2
            }
            try await LiveGateway.with(configure: { configuration in
                configuration.outbound = [OutboundDefinition(channel: "canonical", url: receiver.url + "?order={channelOrderId}")]
                configuration.pollerBackoffBaseSeconds = 0.05
            }) { gateway in
                let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("OUT-1"))
                let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
                let changed = try await gateway.post("/v1/orders/\(orderId)/changes", Self.shipment, headers: ["Idempotency-Key": "ship-1"])
                #expect(changed.status == 202)
                let eventId = try #require((try JSON.object(changed)["events"] as? [[String: Any]])?.first?["id"] as? String)
                try await receiver.wait { $0.accepted.count >= 1 }
                #expect(receiver.accepted == [eventId], "the event id is the idempotency key")
                #expect(receiver.deliveries.count == 3)
                #expect(receiver.deliveries.last?.body.contains("\"trackingNumber\":\"SF1234\"") == true)
                // The same change again stores nothing and queues nothing.
                let again = try await gateway.post("/v1/orders/\(orderId)/changes", Self.shipment, headers: ["Idempotency-Key": "ship-1"])
                #expect(again.headers["idempotent-replayed"] == "true")
                try await Task.sleep(for: .milliseconds(300))
                let entries = try await Self.entries(gateway)
                #expect(entries.count == 1)
                #expect(entries.first?["status"] as? String == "sent")
                #expect(entries.first?["attempts"] as? Int == 3)
                let order = try JSON.object(try await gateway.get("/v1/orders/\(orderId)"))
                #expect(order["status"] as? String == "shipped")
            }
        }
    }

    @Test func aRefusedChangeIsMarkedFailedAndCanBeRetried() async throws {
        try await FakeReceiver.with { receiver in
            receiver.answer { _, _ in false }
            try await LiveGateway.with(configure: { configuration in
                configuration.outbound = [OutboundDefinition(channel: "canonical", url: receiver.url)]
                configuration.outbound[0].maxAttempts = 2
                configuration.pollerBackoffBaseSeconds = 0.05
            }) { gateway in
                let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("OUT-2"))
                let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
                #expect(try await gateway.post("/v1/orders/\(orderId)/changes", Self.cancellation).status == 202)
                var failed: [[String: Any]] = []
                for _ in 0..<100 where failed.isEmpty {
                    try await Task.sleep(for: .milliseconds(50))
                    failed = try await Self.entries(gateway, status: "failed")
                }
                #expect(failed.first?["lastError"] as? String == "HTTP 500")
                #expect(failed.first?["attempts"] as? Int == 2)
                receiver.answer { _, _ in true }
                let id = try #require(failed.first?["id"] as? Int)
                #expect(try await gateway.post("/v1/outbox/\(id)/retry", "").status == 200)
                try await receiver.wait { $0.accepted.count >= 1 }
                #expect(receiver.accepted.count == 1)
                #expect(try await gateway.post("/v1/outbox/\(id)/retry", "").status == 404, "only failed entries are retried")
            }
        }
    }

    @Test func onlyShipmentsAndCancellationsOfKnownOrdersAreAccepted() async throws {
        try await LiveGateway.with { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("OUT-3"))
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let created = try await gateway.post("/v1/orders/\(orderId)/changes", Orders.canonical("OUT-3"))
            #expect(created.status == 422)
            #expect(JSON.errorField(created) == "type")
            #expect(try await gateway.post("/v1/orders/ord_nothing/changes", Self.shipment).status == 404)
            let other = try await gateway.post("/v1/orders/\(orderId)/changes", #"{"type":"OrderCancelled","channelOrderId":"ELSE","cancellation":{}}"#)
            #expect(JSON.errorField(other) == "channelOrderId")
            let list = try await gateway.post("/v1/orders/\(orderId)/changes", #"{"events":[{"type":"OrderCancelled","channelOrderId":"ELSE","cancellation":{}}]}"#)
            #expect(JSON.errorField(list) == "events")
            // Without an outbound endpoint for the channel the change is stored, and its entry fails visibly.
            #expect(try await gateway.post("/v1/orders/\(orderId)/changes", Self.cancellation).status == 202)
            var failed: [[String: Any]] = []
            for _ in 0..<60 where failed.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                failed = try await Self.entries(gateway, status: "failed")
            }
            #expect((failed.first?["lastError"] as? String)?.contains("no outbound endpoint") == true)
        }
    }
}
