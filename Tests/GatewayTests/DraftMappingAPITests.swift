import Adapters
import Foundation
import Gateway
import Testing

/// The API behind the workbench: a draft tried on a sample, its contract tests and stored traffic; a channel's messages.
@Suite struct DraftMappingAPITests {
    @Test func aDraftIsTriedOnTheStoredTrafficAndNothingIsStored() async throws {
        try await LiveGateway.with { gateway in
            let id = try await ConsoleTests.deadLetter(gateway, 7)
            let good = try String(contentsOfFile: repository + "/contract-tests/h5-shop/paid-store-pickup.input.json", encoding: .utf8)
            #expect(try await gateway.post("/v1/channels/h5-shop/orders", good).status == 202)
            let request = try JSONSerialization.data(withJSONObject: [
                "mapping": try ConsoleTests.fixedMapping(), "sample": try ConsoleTests.unknownStatusOrder(7), "traffic": true,
            ])
            let answer = try await gateway.post("/v1/mappings/h5-shop/preview", Array(request))
            #expect(answer.status == 200)
            let body = try JSON.object(answer)
            let events = (body["sample"] as? [String: Any])?["events"] as? [[String: Any]]
            #expect(events?.first?["type"] as? String == "OrderCreated")
            let tests = try #require(body["contractTests"] as? [[String: Any]])
            #expect(!tests.isEmpty)
            #expect(tests.allSatisfy { $0["passed"] as? Bool == true })
            let traffic = try #require(body["traffic"] as? [String: Any])
            #expect((traffic["fixes"] as? [[String: Any]])?.map { $0["deadLetterId"] as? Int } == [id])
            #expect(traffic["unchanged"] as? Int == 1)
            #expect((traffic["breaks"] as? [Any])?.isEmpty == true)
            #expect(try await ConsoleTests.status(ofDeadLetter: id, gateway) == "open")
            #expect((try JSON.object(try await gateway.get("/v1/mappings/h5-shop/versions"))["versions"] as? [Any])?.isEmpty == true)

            let broken = try JSONSerialization.data(withJSONObject: ["mapping": "channel: h5-shop\nformat: json\nevents: [oops"])
            let refused = try await gateway.post("/v1/mappings/h5-shop/preview", Array(broken))
            #expect(refused.status == 422)
            #expect(JSON.errorCode(refused) == "mapping_invalid")
            #expect(JSON.errorField(refused)?.hasPrefix("line ") == true)

            let messages = try JSON.object(try await gateway.get("/v1/channels/h5-shop/messages?limit=5"))["messages"] as? [[String: Any]]
            #expect(messages?.count == 1, "the dead letter is not an accepted message")
            #expect(messages?.first?["body"] as? String == good)
            #expect(try await gateway.get("/v1/channels/h5-shop/messages?limit=0").status == 400)
        }
    }
}
