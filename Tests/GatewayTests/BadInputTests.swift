import UseCases
import Adapters
import Foundation
import Gateway
import Testing

@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: [UInt8]
        var contentType = "application/json"
        var channel = "canonical"
        let status: Int
        let code: String
        var field: String?

        var testDescription: String { name }
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static let cases: [Case] = [
        Case(name: "empty body", body: [], status: 400, code: "empty_body"),
        Case(name: "invalid JSON", body: text(#"{"channelOrderId": "#), status: 400, code: "invalid_json"),
        Case(name: "JSON 10,000 deep", body: text(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)), status: 400, code: "json_too_deep"),
        Case(name: "body over the limit", body: text(Orders.canonical("B-1").replacingOccurrences(of: "Wang Fang", with: String(repeating: "x", count: 40_000))), status: 413, code: "payload_too_large"),
        Case(name: "wrong content type", body: text(Orders.canonical("B-2")), contentType: "text/plain", status: 415, code: "unsupported_media_type", field: "Content-Type"),
        Case(name: "invalid UTF-8", body: text(#"{"channelOrderId":"B-3","x":""#) + [0xC3, 0x28] + text(#""}"#), status: 400, code: "invalid_utf8"),
        Case(name: "negative quantity", body: text(Orders.canonical("B-4", quantity: "-1")), status: 422, code: "invalid_quantity", field: "order.lines[0].quantity"),
        Case(name: "unknown currency", body: text(Orders.canonical("B-5", currency: "ABC")), status: 422, code: "unknown_currency", field: "order.currency"),
        Case(name: "missing required field", body: text(Orders.canonical("B-6").replacingOccurrences(of: "\"placedAt\":\"2026-11-27T10:00:00+08:00\",", with: "")), status: 422, code: "missing_field", field: "order.placedAt"),
        Case(name: "too many decimals", body: text(Orders.canonical("B-7", total: "25.001", unitPrice: "25.00")), status: 422, code: "money_precision", field: "order.amounts.total"),
        Case(name: "decimals in a zero-exponent currency", body: text(Orders.canonical("B-8", total: "100.5", currency: "JPY", unitPrice: "100")), status: 422, code: "money_precision", field: "order.amounts.total"),
        Case(name: "unknown channel", body: text(Orders.canonical("B-9")), channel: "nowhere", status: 404, code: "unknown_channel", field: "channel"),
        Case(name: "not an object", body: text("[]"), status: 422, code: "invalid_type", field: "$"),
        Case(
            name: "line total beyond 64 bits",
            body: text(Orders.canonical("B-10", total: "1.00", quantity: "3", unitPrice: "50000000000000000.00")),
            status: 422, code: "invalid_amount", field: "order.amounts.subtotal"
        ),
    ]

    @Test(arguments: cases)
    func eachBadInputGetsItsOwnErrorAndStoresNothing(_ bad: Case) async throws {
        try await LiveGateway.with(configure: { $0.maxBodyBytes = 32_768 }) { gateway in
            _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("good-1"))
            let before = try gateway.server.store.counts(tenant: "default")
            let response = try await gateway.post("/v1/channels/\(bad.channel)/orders", bad.body, contentType: bad.contentType)
            #expect(response.status == bad.status)
            #expect(response.headers["content-type"] == "application/json")
            #expect(JSON.errorCode(response) == bad.code, "body: \(response.text)")
            if let field = bad.field { #expect(JSON.errorField(response) == field) }
            let after = try gateway.server.store.counts(tenant: "default")
            #expect(after == before)
        }
    }
}
