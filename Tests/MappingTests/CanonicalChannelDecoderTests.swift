import CanonicalModel
import Mapping
import Testing

@Suite struct CanonicalChannelDecoderTests {
    func decode(_ text: String) throws(PayloadError) -> DecodedMessage {
        try CanonicalChannelDecoder().decode(try JSONReader().parse(Array(text.utf8)))
    }

    static let order = #"""
        {"messageId":"m-1","channelOrderId":"A-1","order":{"placedAt":"2026-11-27T10:00:00+08:00","currency":"KWD",
         "amounts":{"total":"12.345","shipping":"1.000"},"buyer":{"name":"N"},
         "shippingAddress":{"country":"KW","street":["Block 1"],"lat":29.37,"lon":47.97},
         "lines":[{"sku":"S-1","quantity":3,"unitPrice":"3.781"}],"extras":{"shop":"x"}}}
        """#

    @Test func decodesAnOrderInMinorUnits() throws {
        let message = try decode(Self.order)
        #expect(message.messageId == "m-1")
        let event = try #require(message.events.first)
        #expect(event.type == .orderCreated)
        guard case .order(let order) = event.body else {
            Issue.record("expected an order")
            return
        }
        #expect(order.currency.code == "KWD")
        #expect(order.amounts.total == 12345)
        #expect(order.amounts.shipping == 1000)
        #expect(order.amounts.subtotal == 11343)
        #expect(order.lines.first?.lineId == "1")
        #expect(order.shippingAddress?.latitude == 29.37)
        #expect(order.extras?["shop"] == .string("x"))
        #expect(event.occurredAt == order.placedAt)
    }

    func expectError(_ text: String, code: String, field: String?, kind: PayloadError.Kind = .invalid, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decode(text)
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.field == field, sourceLocation: sourceLocation)
            #expect(error.kind == kind, sourceLocation: sourceLocation)
        }
    }

    @Test func namesTheFieldAtFault() {
        expectError(#"{"order":{}}"#, code: "missing_field", field: "channelOrderId")
        expectError(Self.order.replacingOccurrences(of: "\"KWD\"", with: "\"XXX\""), code: "unknown_currency", field: "order.currency")
        expectError(Self.order.replacingOccurrences(of: "\"quantity\":3", with: "\"quantity\":-2"), code: "invalid_quantity", field: "order.lines[0].quantity")
        expectError(Self.order.replacingOccurrences(of: "\"3.781\"", with: "\"3.7812\""), code: "money_precision", field: "order.lines[0].unitPrice")
        expectError(Self.order.replacingOccurrences(of: "\"12.345\"", with: "\"-1\""), code: "invalid_amount", field: "order.amounts.total")
        expectError(Self.order.replacingOccurrences(of: "2026-11-27T10:00:00+08:00", with: "27/11/2026"), code: "invalid_timestamp", field: "order.placedAt")
        expectError(Self.order.replacingOccurrences(of: "\"lat\":29.37", with: "\"lat\":129.37"), code: "invalid_value", field: "order.shippingAddress.lat")
        expectError(#"{"type":"Refunded","channelOrderId":"A"}"#, code: "invalid_value", field: "type")
        expectError(#"[1]"#, code: "invalid_type", field: "$")
    }

    @Test func decodesEveryEventKind() throws {
        let message = try decode(#"""
            {"events":[
              {"type":"PaymentConfirmed","channelOrderId":"A","payment":{"amount":"10.00","currency":"CNY","paidAt":"2026-11-27T10:00:00Z"}},
              {"type":"ShipmentUpdated","channelOrderId":"A","sequence":4,"shipment":{"status":"delivered","lines":[{"lineId":"1","quantity":1}]}},
              {"type":"OrderCancelled","channelOrderId":"A","cancellation":{"reason":"buyer"}},
              {"type":"ReturnRequested","channelOrderId":"A","return":{"reason":"broken"}}
            ]}
            """#)
        #expect(message.events.map(\.type) == [.paymentConfirmed, .shipmentUpdated, .orderCancelled, .returnRequested])
        #expect(message.events[1].channelSequence == 4)
        #expect(message.events[0].body == .payment(Payment(amount: 1000, currency: Currency(code: "CNY")!, paidAt: Timestamp.parse("2026-11-27T10:00:00Z")!)))
    }

    @Test func pickupNeedsAStore() {
        let pickup = Self.order.replacingOccurrences(of: "\"extras\"", with: "\"fulfilment\":{\"mode\":\"pickup_in_store\"},\"extras\"")
        expectError(pickup, code: "missing_field", field: "order.fulfilment.storeId")
    }
}
