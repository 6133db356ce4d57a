import UseCases
import Adapters
import Foundation
import Gateway
import Testing

/// POS-style batch uploads: per-record results, resends and overlaps without duplicates, resuming with ?from=.
@Suite struct BatchUploadTests {
    static func records(_ range: Range<Int>, broken: Set<Int> = []) -> String {
        range.map { index in
            let order = Orders.canonical("POS-\(index)", quantity: broken.contains(index) ? "-1" : "1")
                .replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"messageId\":\"store7-\(index)\",\"channelOrderId\"")
            return order
        }.joined(separator: "\n") + "\n"
    }

    func upload(_ gateway: LiveGateway, _ body: String, query: String = "") async throws -> [String: Any] {
        let response = try await gateway.post(
            "/v1/channels/canonical/batches" + query, body, contentType: "application/x-ndjson", headers: ["X-Batch-Id": "store7-2026-11-27"]
        )
        #expect(response.status == 200, "\(response.text.prefix(300))")
        return try JSON.object(response)
    }

    @Test func resendsAndOverlapsStoreNothingTwiceAndBadLinesAreNamed() async throws {
        try await LiveGateway.with { gateway in
            let first = try await upload(gateway, Self.records(0..<300, broken: [7]))
            #expect(first["records"] as? Int == 300)
            #expect(first["accepted"] as? Int == 299)
            #expect(first["rejected"] as? Int == 1)
            let results = try #require(first["results"] as? [[String: Any]])
            let rejected = try #require(results.first { $0["status"] as? String == "rejected" })
            #expect(rejected["line"] as? Int == 8)
            #expect((rejected["error"] as? [String: Any])?["field"] as? String == "order.lines[0].quantity")

            let overlap = try await upload(gateway, Self.records(200..<400))
            #expect(overlap["duplicates"] as? Int == 100)
            #expect(overlap["accepted"] as? Int == 100)
            let resent = try await upload(gateway, Self.records(0..<400))
            #expect(resent["accepted"] as? Int == 1)  // the line fixed since the first upload
            #expect(resent["duplicates"] as? Int == 399)
            #expect(try gateway.server.store.counts(tenant: "default").events == 400)

            let resumed = try await upload(gateway, Self.records(0..<450), query: "?from=400")
            #expect(resumed["skipped"] as? Int == 400)
            #expect(resumed["accepted"] as? Int == 50)
            #expect(resumed["lastLine"] as? Int == 450)
            #expect(try gateway.server.store.counts(tenant: "default").events == 450)
        }
    }

    @Test func wrongTypesAndOversizedLinesAreRefused() async throws {
        try await LiveGateway.with(configure: { $0.maxBodyBytes = 2048 }) { gateway in
            let json = try await gateway.post("/v1/channels/canonical/batches", Self.records(0..<2), contentType: "application/json")
            #expect(json.status == 415)
            let long = Self.records(0..<1).replacingOccurrences(of: "Wang Fang", with: String(repeating: "x", count: 4000))
            let tooLong = try await gateway.post("/v1/channels/canonical/batches", long, contentType: "application/x-ndjson")
            #expect(tooLong.status == 413)
            #expect(JSON.errorField(tooLong) == "line 1")
            #expect(try await gateway.post("/v1/channels/nowhere/batches", "{}", contentType: "application/x-ndjson").status == 404)
        }
    }
}
