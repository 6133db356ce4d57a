import CanonicalModel
import Foundation
import Testing

@Suite struct CanonicalJSONTests {
    static let order = CanonicalOrder(
        orderId: "ord_x", tenant: "t", channel: "shop", channelOrderId: "A \"1\"", status: .paid,
        placedAt: Timestamp.parse("2026-11-27T10:00:00.250Z")!, channelUpdatedAt: Timestamp.parse("2026-11-27T11:00:00Z")!,
        currency: Currency(code: "KWD")!, amounts: OrderAmounts(subtotal: 12345, discount: 0, shipping: 1000, tax: 5, total: 13350),
        buyer: Buyer(id: "b", name: "Ahmad\n", phone: nil, email: "a@example.com"),
        shippingAddress: Address(
            country: "KW", city: "Kuwait City", street: ["Block 1", "Street 2"], latitude: 29.37, longitude: 47.97,
            name: "Fatima", company: "Gulf Tea Co.", phone: "+965 2222 3333"
        ),
        lines: [OrderLine(
            lineId: "1", sku: "S", channelSku: "c", title: "T", quantity: 3, unitPrice: 4115, discount: 0, tax: 5,
            charges: 100, amount: 12445, extras: .object(["giftWrap": .bool(true)])
        )],
        fulfilment: Fulfilment(mode: .pickupInStore, storeId: "kw-1"), parentOrderId: "ord_p", parentChannelOrderId: "P",
        extras: .object(["z": .number("1.50"), "a": .array([.bool(true), .null, .string("x")])]), pricesIncludeTax: true
    )

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.parse(text) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: text)) }
            return date
        }
        return decoder
    }

    @Test func anOrderRoundTripsThroughItsJSONText() throws {
        let text = CanonicalJSON.text(of: Self.order)
        let decoded = try Self.decoder().decode(CanonicalOrder.self, from: Data(text.utf8))
        var expected = Self.order
        expected.extras = .object(["z": .number("1.5"), "a": .array([.bool(true), .null, .string("x")])])
        #expect(decoded == expected)
        #expect(text.contains(#""extras":{"a":[true,null,"x"],"z":1.50}"#))
        #expect(text.contains(#""total":13350"#))
        #expect(text.contains(#""pricesIncludeTax":true"#))
        #expect(text.contains(#"{"amount":12445,"channelSku":"c","charges":100,"discount":0,"extras":{"giftWrap":true},"lineId":"1""#))
        #expect(text.contains(#""placedAt":"2026-11-27T10:00:00.250Z""#))
    }

    @Test func eventDataNamesTheOrderAndThePayload() throws {
        let payment = Payment(amount: 500, currency: Currency(code: "CNY")!, method: "alipay", paidAt: Timestamp.parse("2026-11-27T10:00:00Z")!)
        let text = CanonicalJSON.data(of: .payment(payment), orderId: "ord_1", channelOrderId: "C-1")
        #expect(text == #"{"channelOrderId":"C-1","orderId":"ord_1","payment":{"amount":500,"currency":"CNY","method":"alipay","paidAt":"2026-11-27T10:00:00Z"}}"#)
        let cancelled = CanonicalJSON.data(of: .cancellation(Cancellation(reason: "buyer")), orderId: "ord_1", channelOrderId: "C-1")
        #expect(cancelled == #"{"cancellation":{"reason":"buyer"},"channelOrderId":"C-1","orderId":"ord_1"}"#)
        let shipped = CanonicalJSON.data(of: .shipment(Shipment(status: .delivered, lines: [LineQuantity(lineId: "1", quantity: 2)])), orderId: "o", channelOrderId: "c")
        #expect(shipped == #"{"channelOrderId":"c","orderId":"o","shipment":{"lines":[{"lineId":"1","quantity":2}],"status":"delivered"}}"#)
    }

    @Test func theEncoderWritesWhatTheTextWriterWritesAndTheDecoderReadsItBack() throws {
        let text = CanonicalJSON.text(of: Self.order)
        #expect(CanonicalJSON.isOrderText(text))
        #expect(!CanonicalJSON.isOrderText(CanonicalJSON.data(of: .cancellation(Cancellation(reason: "x")), orderId: "o", channelOrderId: "c")))
        let encoded = String(decoding: try CanonicalJSON.makeEncoder().encode(Self.order), as: UTF8.self)
        #expect(try CanonicalJSON.value(from: encoded) == CanonicalJSON.value(from: text))
        var expected = Self.order
        expected.extras = .object(["z": .number("1.5"), "a": .array([.bool(true), .null, .string("x")])])
        #expect(try CanonicalJSON.order(from: text) == expected)
        #expect(throws: CanonicalJSON.DecodingFailure.self) { try CanonicalJSON.order(from: "{\"amounts\":{}}") }
    }
}
