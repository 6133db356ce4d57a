import UseCases
import Adapters
import Foundation
import Gateway
import Testing

@Suite struct IngestAPITests {
    @Test func anOrderPostedIsReadBackWithItsTimeline() async throws {
        try await LiveGateway.with { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("W-1"))
            #expect(posted.status == 202)
            #expect(posted.headers["x-request-id"]?.isEmpty == false)
            let events = try #require(try JSON.object(posted)["events"] as? [[String: Any]])
            let orderId = try #require(events.first?["orderId"] as? String)

            let order = try await gateway.get("/v1/orders/\(orderId)")
            #expect(order.status == 200)
            let body = try JSON.object(order)
            #expect(body["status"] as? String == "created")
            #expect(body["channelOrderId"] as? String == "W-1")
            let timeline = try #require(body["timeline"] as? [[String: Any]])
            #expect(timeline.count == 1)
            #expect(timeline.first?["specversion"] as? String == "1.0")
            #expect(timeline.first?["type"] as? String == "com.channelgate.order.created")
            #expect(timeline.first?["subject"] as? String == orderId)
            #expect(timeline.first?["ordersequence"] as? Int == 1)
            let data = try #require(timeline.first?["data"] as? [String: Any])
            #expect((data["amounts"] as? [String: Any])?["total"] as? Int == 2500)

            let listed = try JSON.object(try await gateway.get("/v1/orders?channel=canonical&status=created"))
            #expect((listed["orders"] as? [[String: Any]])?.map { $0["orderId"] as? String } == [orderId])
            let none = try JSON.object(try await gateway.get("/v1/orders?status=shipped"))
            #expect((none["orders"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aResendGetsTheOriginalAnswerAndStoresNothing() async throws {
        try await LiveGateway.with { gateway in
            let first = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("W-2"), headers: ["Idempotency-Key": "msg-2"])
            let second = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("W-2"), headers: ["Idempotency-Key": "msg-2"])
            #expect(first.status == 202)
            #expect(second.status == 202)
            #expect(second.text == first.text)
            #expect(second.headers["idempotent-replayed"] == "true")
            #expect(first.headers["idempotent-replayed"] == nil)
            #expect(try gateway.server.store.counts(tenant: "default").events == 1)
        }
    }

    @Test func theFeedLongPollsUntilAnEventArrives() async throws {
        try await LiveGateway.with { gateway in
            let empty = try JSON.object(try await gateway.get("/v1/events?after=0&wait=1"))
            #expect((empty["events"] as? [Any])?.isEmpty == true)
            #expect(empty["next"] as? String == "0")

            async let waiting = gateway.get("/v1/events?after=0&wait=20")
            try await Task.sleep(for: .milliseconds(300))
            let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("W-3"))
            #expect(posted.status == 202)
            let feed = try JSON.object(try await waiting)
            let events = try #require(feed["events"] as? [[String: Any]])
            #expect(events.count == 1)
            #expect(events.first?["channelorderid"] as? String == "W-3")
            let next = try #require(feed["next"] as? String)
            let after = try JSON.object(try await gateway.get("/v1/events?after=\(next)"))
            #expect((after["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func unknownRoutesAndOrdersAnswerJSONErrors() async throws {
        try await LiveGateway.with { gateway in
            let missing = try await gateway.get("/v1/orders/ord_nothing")
            #expect(missing.status == 404)
            #expect(JSON.errorCode(missing) == "not_found")
            let route = try await gateway.get("/v2/nothing")
            #expect(route.status == 404)
            #expect(JSON.errorCode(route) == "not_found")
            let badParameter = try await gateway.get("/v1/events?limit=abc")
            #expect(badParameter.status == 400)
            #expect(JSON.errorField(badParameter) == "limit")
            #expect(try await gateway.get("/healthz").status == 200)
            #expect(try await gateway.get("/readyz").status == 200)
        }
    }

    @Test func tenantsSeeOnlyTheirOwnOrders() async throws {
        try await LiveGateway.with(configure: { $0.trustTenantHeader = true }) { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("T-1"), headers: ["X-Tenant-Id": "brand-a"])
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            #expect(try await gateway.get("/v1/orders/\(orderId)", headers: ["X-Tenant-Id": "brand-a"]).status == 200)
            #expect(try await gateway.get("/v1/orders/\(orderId)", headers: ["X-Tenant-Id": "brand-b"]).status == 404)
            let feed = try JSON.object(try await gateway.get("/v1/events?after=0", headers: ["X-Tenant-Id": "brand-b"]))
            #expect((feed["events"] as? [Any])?.isEmpty == true)
            let listed = try JSON.object(try await gateway.get("/v1/orders", headers: ["X-Tenant-Id": "brand-b"]))
            #expect((listed["orders"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func metricsCountRequestsEventsAndCommits() async throws {
        try await LiveGateway.with { gateway in
            _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("M-1"))
            _ = try await gateway.post("/v1/channels/canonical/orders", "{")
            let metrics = try await gateway.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains(#"channelgate_http_requests_total{route="/v1/channels/{channel}/orders",method="POST",status="202"} 1"#))
            #expect(metrics.text.contains(#"channelgate_http_requests_total{route="/v1/channels/{channel}/orders",method="POST",status="400"} 1"#))
            #expect(metrics.text.contains("channelgate_events_committed_total 1"))
            #expect(metrics.text.contains("channelgate_store_commit_batch_size_count"))
            #expect(metrics.text.contains("channelgate_http_request_duration_seconds_bucket"))
        }
    }
}
