import UseCases
import Adapters
import Foundation
import Gateway
import Testing

/// Mapped channels on a live gateway: the shipped mappings read real channel payloads.
@Suite struct MappedChannelTests {
    static func fixture(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: repository + "/contract-tests/" + path) else { throw CancellationError() }
        return Array(data)
    }

    /// A mappings folder with only the lead's two mappings, so other folders' work in progress cannot interfere.
    static func mappingsFolder(_ names: [String] = ["shopify.yaml", "ubl-order.yaml"]) throws -> String {
        let folder = NSTemporaryDirectory() + "channelgate-mappings-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: repository + "/mappings/" + name, toPath: folder + "/" + name)
        }
        return folder
    }

    @Test func aShopifyWebhookAndAUBLOrderBecomeCanonicalOrders() async throws {
        let folder = try Self.mappingsFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let shopify = try await gateway.post("/v1/channels/shopify/orders", try Self.fixture("shopify/webhook-paid.input.json"))
            #expect(shopify.status == 202)
            let shopifyEvents = try #require(try JSON.object(shopify)["events"] as? [[String: Any]])
            #expect(shopifyEvents.map { $0["type"] as? String } == ["OrderCreated", "PaymentConfirmed"])
            #expect(shopifyEvents.last?["status"] as? String == "paid")

            let ubl = try await gateway.post(
                "/v1/channels/ubl-order/orders", try Self.fixture("ubl-order/oasis-example.input.xml"), contentType: "application/xml",
                headers: ["Accept": "application/json"]
            )
            #expect(ubl.status == 202)
            let orderId = try #require((try JSON.object(ubl)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let order = try JSON.object(try await gateway.get("/v1/orders/\(orderId)"))
            let data = try #require(order["order"] as? [String: Any])
            #expect((data["amounts"] as? [String: Any])?["total"] as? Int == 622_500)
            #expect((data["lines"] as? [Any])?.count == 2)

            let wrongType = try await gateway.post("/v1/channels/ubl-order/orders", try Self.fixture("ubl-order/oasis-example.input.xml"))
            #expect(wrongType.status == 415)
        }
    }

    @Test func aPayloadTheMappingRejectsIsKeptAsADeadLetterAndReplayedLater() async throws {
        let folder = try Self.mappingsFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let posted = try await gateway.post("/v1/channels/shopify/orders", try Self.fixture("shopify/bad-currency.input.json"))
            #expect(posted.status == 202)
            let body = try JSON.object(posted)
            #expect(body["status"] as? String == "dead_lettered")
            #expect((body["error"] as? [String: Any])?["field"] as? String == "events[0].order.currency")
            let id = try #require(body["deadLetterId"] as? Int)
            let fixed = try Self.fixture("shopify/webhook-paid.input.json")
            let replayed = try await gateway.post("/v1/dead-letters/\(id)/replay", fixed)
            #expect(replayed.status == 200)

            let xxe = try await gateway.post(
                "/v1/channels/ubl-order/orders", try Self.fixture("ubl-order/xxe.input.xml"), contentType: "text/xml", headers: ["Accept": "application/json"]
            )
            #expect(xxe.status == 400)
            #expect(JSON.errorCode(xxe) == "xml_doctype_not_allowed")
        }
    }

    @Test func aPeppolCancellationCancelsTheUBLOrderItRefersTo() async throws {
        let folder = try Self.mappingsFolder(["ubl-order.yaml", "peppol-order-cancellation.yaml"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let order = String(decoding: try Self.fixture("ubl-order/oasis-example.input.xml"), as: UTF8.self)
                .replacingOccurrences(of: "<cbc:ID>34</cbc:ID>", with: "<cbc:ID>Order-1</cbc:ID>")
            let posted = try await gateway.post("/v1/channels/ubl-order/orders", order, contentType: "application/xml", headers: ["Accept": "application/json"])
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let cancellation = try await gateway.post(
                "/v1/channels/peppol-order-cancellation/orders", try Self.fixture("peppol-order-cancellation/peppol-example.input.xml"),
                contentType: "application/xml", headers: ["Accept": "application/json"]
            )
            #expect(cancellation.status == 202)
            #expect((try JSON.object(cancellation)["events"] as? [[String: Any]])?.first?["orderId"] as? String == orderId)
            let view = try JSON.object(try await gateway.get("/v1/orders/\(orderId)"))
            #expect(view["status"] as? String == "cancelled")
            #expect(view["channel"] as? String == "ubl-order")
            let timeline = try #require(view["timeline"] as? [[String: Any]])
            #expect(timeline.last?["source"] as? String == "/channels/peppol-order-cancellation")
        }
    }

    @Test func anInvalidMappingStopsTheStartWithItsLocation() throws {
        let folder = NSTemporaryDirectory() + "channelgate-bad-mappings-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "channel: bad\nevents:\n  - channelOrderId: $.id\n    order: {colour: $.c}\n".write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        var configuration = GatewayConfiguration()
        configuration.mappingsDirectory = folder
        configuration.dataDirectory = folder + "/data"
        #expect {
            _ = try GatewayServer(configuration: configuration, logger: .init(label: "test"))
        } throws: { error in
            "\(error)".contains("bad.yaml:4:") && "\(error)".contains("unknown canonical field")
        }
    }
}
