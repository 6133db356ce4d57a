import UseCases
import Adapters
import Foundation
import Gateway
import Testing

/// Publishing mapping versions over HTTP: only a version that compiles and passes its contract tests goes live.
@Suite struct MappingPublishTests {
    @Test func onlyAPassingVersionGoesLiveAndEveryVersionCanBeRolledBackTo() async throws {
        let folder = try MappedChannelTests.mappingsFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shipped = try String(contentsOfFile: folder + "/shopify.yaml", encoding: .utf8)
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let listed = try JSON.object(try await gateway.get("/v1/mappings"))
            let shopify = try #require((listed["mappings"] as? [[String: Any]])?.first { $0["channel"] as? String == "shopify" })
            #expect((shopify["activeVersion"] as? String)?.hasPrefix("shopify@shipped-") == true)

            let broken = try await gateway.post("/v1/mappings/shopify", shipped.replacingOccurrences(of: "  financial_status:\n", with: "  financial_status:\n    colour: [\n"), contentType: "application/yaml")
            #expect(broken.status == 422)
            #expect(JSON.errorCode(broken) == "mapping_invalid")

            let wrong = shipped.replacingOccurrences(of: "    paid: paid\n", with: "    paid: created\n")
            let failing = try await gateway.post("/v1/mappings/shopify", wrong, contentType: "application/yaml")
            #expect(failing.status == 422)
            #expect(JSON.errorCode(failing) == "contract_tests_failed")
            #expect(try gateway.server.store.mappingVersions(tenant: "default", channel: "shopify").isEmpty)

            let reviewed = "# reviewed\n" + shipped
            let published = try await gateway.post("/v1/mappings/shopify", reviewed, contentType: "application/yaml", headers: ["X-Author": "li.na"])
            #expect(published.status == 201, "\(published.text)")
            let record = try JSON.object(published)
            #expect(record["version"] as? Int == 1)
            #expect(record["author"] as? String == "li.na")
            #expect((record["diff"] as? String)?.contains("+ # reviewed") == true)

            let order = try await gateway.post("/v1/channels/shopify/orders", try MappedChannelTests.fixture("shopify/rest-order.input.json"))
            let orderId = try #require((try JSON.object(order)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let timeline = try #require(try JSON.object(try await gateway.get("/v1/orders/\(orderId)"))["timeline"] as? [[String: Any]])
            #expect(timeline.first?["mappingversion"] as? String == "shopify@v1")

            let second = try await gateway.post("/v1/mappings/shopify", "# second\n" + shipped, contentType: "application/yaml")
            #expect(try JSON.object(second)["version"] as? Int == 2)
            let rolledBack = try await gateway.post("/v1/mappings/shopify/rollback", #"{"version": 1}"#)
            #expect(rolledBack.status == 200)
            let versions = try #require(try JSON.object(try await gateway.get("/v1/mappings/shopify/versions"))["versions"] as? [[String: Any]])
            #expect(versions.map { $0["version"] as? Int } == [2, 1])
            #expect(versions.map { $0["active"] as? Bool } == [false, true])
            #expect(try await gateway.post("/v1/mappings/shopify/rollback", #"{"version": 9}"#).status == 404)
            let misnamed = try await gateway.post("/v1/mappings/nowhere", shipped, contentType: "application/yaml")
            #expect(misnamed.status == 422, "a mapping for shopify cannot create a channel named nowhere")
            #expect(JSON.errorField(misnamed) == "channel")
        }
    }

    static let marketMapping = """
        channel: market-v2
        format: json
        messageId: {concat: [{path: $.id}, {path: $.updated}], separator: "@"}
        events:
          - type: =OrderCreated
            channelOrderId: {path: $.id, required: true}
            order:
              status: =paid
              placedAt: {path: $.created, as: timestamp, format: rfc2822, required: true}
              currency: {path: $.currency, required: true}
              amounts:
                total: {path: $.total, required: true}
              lines:
                forEach: "$.items[*]"
                item:
                  sku: {path: sku, required: true}
                  quantity: qty
                  unitPrice: price
        """

    static func marketOrder(_ id: String, total: String = "20.00") -> String {
        #"{"id":"\#(id)","updated":"1","created":"Tue, 05 Mar 2019 21:40:11 +0000","currency":"EUR","total":"\#(total)","items":[{"sku":"A","qty":2,"price":"10.00"}]}"#
    }

    /// What `marketOrder("M-1")` becomes, as `channelgate mapping apply` prints it.
    static let expectedEvent = #"{"channelOrderId":"M-1","data":{"amounts":{"discount":0,"shipping":0,"subtotal":2000,"tax":0,"total":2000},"#
        + #""channel":"market-v2","channelOrderId":"M-1","currency":"EUR","fulfilment":{"mode":"ship"},"lines":[{"discount":0,"lineId":"1","#
        + #""quantity":2,"sku":"A","tax":0,"unitPrice":1000}],"orderId":"","placedAt":"2019-03-05T21:40:11Z","status":"paid","tenant":""},"#
        + #""occurredAt":"2019-03-05T21:40:11Z","type":"OrderCreated"}"#

    static func publication(_ tests: String) -> String {
        var mapping = marketMapping
        mapping = mapping.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        return #"{"mapping":""# + mapping + #"","contractTests":"# + tests + "}"
    }

    @Test func aNewChannelIsCreatedByPublishingItsMappingWithContractTestsAndOutlivesARestart() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-newchannel-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = Self.marketOrder("M-1").replacingOccurrences(of: "\"", with: "\\\"")
        let passing = #"[{"name":"paid","input":""# + input + #"","expected":["# + Self.expectedEvent + "]},"
            + #"{"name":"no-id","input":"{}","error":{"code":"missing_field","field":"events[0].channelOrderId"}}]"#
        try await LiveGateway.with(configure: { $0.dataDirectory = directory }, keepData: true) { gateway in
            #expect(try await gateway.post("/v1/channels/market-v2/orders", Self.marketOrder("M-0")).status == 404)
            let untested = try await gateway.post("/v1/mappings/market-v2", Self.marketMapping, contentType: "application/yaml")
            #expect(untested.status == 422)
            #expect(JSON.errorCode(untested) == "no_contract_tests")
            let wrong = #"[{"name":"paid","input":""# + input + #"","expected":[{"channelOrderId":"M-9"}]}]"#
            let failing = try await gateway.post("/v1/mappings/market-v2", Self.publication(wrong))
            #expect(failing.status == 422)
            #expect(JSON.errorCode(failing) == "contract_tests_failed")
            #expect(try await gateway.post("/v1/channels/market-v2/orders", Self.marketOrder("M-0")).status == 404, "nothing went live")
            let malformed = try await gateway.post("/v1/mappings/market-v2", #"{"mapping":"channel: market-v2","contractTests":[{"name":"x"}]}"#)
            #expect(malformed.status == 400)
            #expect(JSON.errorField(malformed) == "contractTests[0].input")

            let published = try await gateway.post("/v1/mappings/market-v2", Self.publication(passing), headers: ["X-Author": "li.na"])
            #expect(published.status == 201, "\(published.text)")
            let record = try JSON.object(published)
            #expect(record["createdChannel"] as? Bool == true)
            #expect(record["contractTestsPassed"] as? Int == 2)
            let accepted = try await gateway.post("/v1/channels/market-v2/orders", Self.marketOrder("M-1"))
            #expect(accepted.status == 202)
            let channels = try JSON.object(try await gateway.get("/v1/channels"))["channels"] as? [[String: Any]] ?? []
            #expect(channels.contains { $0["name"] as? String == "market-v2" })
            // A later version runs the tests the first one carried: one that breaks them does not go live.
            let breaking = Self.marketMapping.replacingOccurrences(of: "channelOrderId: {path: $.id, required: true}", with: "channelOrderId: {path: $.ref, required: true}")
            let regressed = try await gateway.post("/v1/mappings/market-v2", breaking, contentType: "application/yaml")
            #expect(JSON.errorCode(regressed) == "contract_tests_failed")
            let audit = (try JSON.object(try await gateway.get("/v1/admin/audit")))["entries"] as? [[String: Any]] ?? []
            #expect(audit.contains { $0["action"] as? String == "mapping.create_channel" && $0["actor"] as? String == "li.na" && $0["target"] as? String == "market-v2" })
        }
        try await LiveGateway.with(configure: { $0.dataDirectory = directory }) { gateway in
            let accepted = try await gateway.post("/v1/channels/market-v2/orders", Self.marketOrder("M-2"))
            #expect(accepted.status == 202, "the published channel is there after a restart")
            let second = Self.marketMapping.replacingOccurrences(of: "format: json", with: "format: json\ndescription: second")
            let again = try await gateway.post("/v1/mappings/market-v2", second, contentType: "application/yaml")
            #expect(again.status == 201)
            #expect(try JSON.object(again)["createdChannel"] as? Bool == false)
            #expect(try await gateway.post("/v1/mappings/market-v2/rollback", #"{"version": 1}"#).status == 200)
            let audit = (try JSON.object(try await gateway.get("/v1/admin/audit")))["entries"] as? [[String: Any]] ?? []
            #expect(audit.contains { $0["action"] as? String == "mapping.rollback" && $0["after"] as? String == "v1" })
        }
    }
}
