import UseCases
import Foundation
import Gateway
import Testing

@Suite(.serialized) struct SubscriptionTests {
    static func fastRetries(_ configuration: inout GatewayConfiguration) {
        configuration.deliveryRetry.baseDelay = .milliseconds(20)
        configuration.deliveryRetry.maxDelay = .milliseconds(100)
        configuration.deliveryRetry.maxAttempts = 3
    }

    static func subscribe(_ gateway: LiveGateway, to receiver: FakeReceiver, extra: String = "") async throws -> (id: String, secret: [UInt8]) {
        let created = try await gateway.post("/v1/admin/subscriptions", #"{"url":"\#(receiver.url)","fromStart":true\#(extra)}"#)
        #expect(created.status == 201)
        let object = try JSON.object(created)
        let secretText = try #require(object["secret"] as? String)
        let secret = try #require(Data(base64Encoded: secretText))
        return (try #require(object["id"] as? String), Array(secret))
    }

    static func feedIds(_ gateway: LiveGateway) async throws -> [String] {
        ((try JSON.object(try await gateway.get("/v1/events?after=0&limit=1000")))["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func everyEventArrivesOnceInFeedOrderSignedAndMaskedDespiteFailures() async throws {
        try await FakeReceiver.with { receiver in
        // Every third attempt fails.
        let calls = Counter()
        receiver.answer { _, _ in
            calls.increment()
            return calls.value % 3 != 1
        }
        try await LiveGateway.with(configure: Self.fastRetries) { gateway in
            let (_, secret) = try await Self.subscribe(gateway, to: receiver)
            for index in 0..<12 {
                #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("S-\(index)")).status == 202)
            }
            let expected = try await Self.feedIds(gateway)
            #expect(expected.count == 12)
            try await receiver.wait { $0.accepted.count >= 12 }
            #expect(receiver.accepted == expected)
            #expect(receiver.deliveries.count > 12, "some attempts failed and were retried")
            for delivery in receiver.deliveries {
                #expect(FakeReceiver.verify(signature: delivery.signature, body: delivery.body, secret: secret))
                #expect(!delivery.body.contains("Wang Fang"))
                #expect(delivery.body.contains("\"specversion\":\"1.0\""))
            }
        }
        }
    }

    @Test func aPoisonEventIsSetAsideAfterRetriesAndRedeliveredOnRequest() async throws {
        try await FakeReceiver.with { receiver in
        receiver.answer { _, body in !body.contains("POISON") }
        try await LiveGateway.with(configure: Self.fastRetries) { gateway in
            let (id, _) = try await Self.subscribe(gateway, to: receiver, extra: #","eventTypes":["OrderCreated"]"#)
            _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("POISON-1"))
            _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("FINE-1"))
            try await receiver.wait { $0.accepted.count >= 1 }
            #expect(receiver.deliveries.filter { $0.body.contains("POISON") }.count == 3, "three attempts, then set aside")
            #expect(receiver.accepted.count == 1)
            let failures = (try JSON.object(try await gateway.get("/v1/admin/subscriptions/\(id)/failures")))["failures"] as? [[String: Any]] ?? []
            #expect(failures.count == 1)
            #expect(failures.first?["error"] as? String == "HTTP 500")
            let failureId = try #require(failures.first?["id"] as? Int)
            #expect(try await gateway.post("/v1/admin/subscriptions/\(id)/failures/\(failureId)/redeliver", "").status == 502)
            receiver.answer { _, _ in true }
            #expect(try await gateway.post("/v1/admin/subscriptions/\(id)/failures/\(failureId)/redeliver", "").status == 200)
            #expect(receiver.accepted.count == 2)
            let after = (try JSON.object(try await gateway.get("/v1/admin/subscriptions/\(id)/failures")))["failures"] as? [[String: Any]] ?? []
            #expect(after.first?["status"] as? String == "redelivered")
        }
        }
    }

    @Test func theCursorSurvivesARestartMidDelivery() async throws {
        try await FakeReceiver.with { receiver in
        let directory = NSTemporaryDirectory() + "channelgate-sub-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configure: (inout GatewayConfiguration) -> Void = { configuration in
            configuration.dataDirectory = directory
            configuration.deliveryRetry.baseDelay = .milliseconds(200)
            configuration.deliveryRetry.maxAttempts = 1000
        }
        // The receiver takes five events, then fails until the gateway has been restarted.
        let accepting = Counter()
        receiver.answer { _, _ in
            accepting.increment()
            return accepting.value <= 5
        }
        let expected = try await LiveGateway.with(configure: configure, keepData: true) { gateway in
            _ = try await Self.subscribe(gateway, to: receiver)
            for index in 0..<10 { _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("R-\(index)")) }
            try await receiver.wait { $0.accepted.count >= 5 && $0.deliveries.count >= 6 }
            return try await Self.feedIds(gateway)
        }
        #expect(receiver.accepted == Array(expected.prefix(5)))
        receiver.answer { _, _ in true }
        try await LiveGateway.with(configure: configure, keepData: true) { _ in
            try await receiver.wait { $0.accepted.count >= 10 }
        }
        #expect(receiver.accepted == expected, "each event accepted once, in order, across the restart")
        }
    }
}
