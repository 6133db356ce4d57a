import UseCases
import Adapters
import Foundation
import Gateway
import Testing

@Suite struct DeadLetterAPITests {
    @Test func aDeadLetterIsListedAndReplayedAfterAFix() async throws {
        try await LiveGateway.with { gateway in
            let broken = Orders.canonical("D-1", currency: "RMB")
            let posted = try await gateway.post("/v1/channels/webshop/orders", broken)
            #expect(posted.status == 202)
            let accepted = try JSON.object(posted)
            #expect(accepted["status"] as? String == "dead_lettered")
            let id = try #require(accepted["deadLetterId"] as? Int)

            let listed = try JSON.object(try await gateway.get("/v1/dead-letters"))
            let letters = try #require(listed["deadLetters"] as? [[String: Any]])
            #expect(letters.count == 1)
            #expect(letters.first?["body"] as? String == broken)
            #expect((letters.first?["error"] as? [String: Any])?["code"] as? String == "unknown_currency")

            let again = try await gateway.post("/v1/dead-letters/\(id)/replay", "", contentType: "application/json")
            #expect(again.status == 422)
            #expect(JSON.errorCode(again) == "unknown_currency")

            let fixed = broken.replacingOccurrences(of: "RMB", with: "CNY")
            let replayed = try await gateway.post("/v1/dead-letters/\(id)/replay", fixed)
            #expect(replayed.status == 200)
            let events = try #require(try JSON.object(replayed)["events"] as? [[String: Any]])
            #expect(events.count == 1)
            let orderId = try #require(events.first?["orderId"] as? String)
            #expect(try await gateway.get("/v1/orders/\(orderId)").status == 200)

            let open = try JSON.object(try await gateway.get("/v1/dead-letters?status=open"))
            #expect((open["deadLetters"] as? [Any])?.isEmpty == true)
            let twice = try await gateway.post("/v1/dead-letters/\(id)/replay", fixed)
            #expect(twice.status == 409)
            #expect(try await gateway.get("/v1/dead-letters/999").status == 404)
        }
    }
}
