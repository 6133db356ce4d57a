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
            #expect(published.status == 201)
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
            #expect(try await gateway.post("/v1/mappings/nowhere", shipped, contentType: "application/yaml").status == 404)
        }
    }
}
