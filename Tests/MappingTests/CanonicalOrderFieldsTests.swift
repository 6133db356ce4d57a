import CanonicalModel
import Foundation
import Mapping
import Testing

/// Recipient fields on addresses, line charges, stated line amounts, line extras and tax-inclusive prices, mapped and checked.
@Suite struct CanonicalOrderFieldsTests {
    static let mapping = """
        channel: shop
        events:
          - type: =OrderCreated
            channelOrderId: $.id
            order:
              placedAt: =2026-01-01T00:00:00Z
              currency: =EUR
              pricesIncludeTax: {path: $.gross, as: boolean}
              amounts: {subtotal: $.subtotal, tax: $.tax, shipping: $.shipping, total: $.total}
              shippingAddress:
                country: =DE
                name: $.to.name
                company: $.to.company
                phone: $.to.phone
              lines:
                forEach: "$.items[*]"
                item:
                  sku: sku
                  quantity: qty
                  unitPrice: {path: price, transforms: [{round: {places: 2, mode: half_even}}]}
                  charges: charge
                  amount: net
                  extras: {engraving: engraving, options: options}
        checks:
          subtotalTolerance: "0"
          totalTolerance: "0"
        """

    func order(_ payload: String) throws -> CanonicalOrder {
        var compiler = MappingCompiler(file: "shop.yaml")
        let message = try compiler.compile(Self.mapping).apply(Array(payload.utf8))
        guard case .order(let order)? = message.events.first?.body else { throw PayloadError(.invalid, code: "no_order", message: "") }
        return order
    }

    @Test func recipientChargesStatedAmountsAndLineExtrasReachTheOrder() throws {
        // 3 × 0.8655 = 2.5965 stated as 2.60; the unit price rounds to 0.87 (3 × 0.87 = 2.61, one cent of rounding).
        let order = try order(#"""
            {"id":"A","gross":"true","subtotal":"7.60","tax":"1.21","shipping":"0","total":"7.60",
             "to":{"name":"Erika Muster","company":"Muster GmbH","phone":"+49 30 1234"},
             "items":[{"sku":"S1","qty":3,"price":"0.8655","net":"2.60"},
                      {"sku":"S2","qty":1,"price":"4.00","charge":"1.00","engraving":"E.M.","options":{"gift":true}}]}
            """#)
        #expect(order.shippingAddress?.name == "Erika Muster" && order.shippingAddress?.company == "Muster GmbH")
        #expect(order.shippingAddress?.phone == "+49 30 1234")
        #expect(order.pricesIncludeTax == true)
        #expect(order.lines[0].unitPrice == 87 && order.lines[0].amount == 260 && order.lines[0].netAmount == 260)
        #expect(order.lines[1].charges == 100 && order.lines[1].amount == nil && order.lines[1].netAmount == 500)
        #expect(order.lines[1].extras == .object(["engraving": .string("E.M."), "options": .object(["gift": .bool(true)])]))
        // Tax-inclusive: the total is subtotal − discount + shipping, the tax already inside.
        #expect(order.amounts.total == 760 && order.amounts.tax == 121)
    }

    @Test func aStatedAmountMustAgreeWithThePriceWithinRounding() {
        let error = #expect(throws: PayloadError.self) {
            try order(#"{"id":"A","subtotal":"9.00","total":"9.00","items":[{"sku":"S1","qty":3,"price":"0.8655","net":"9.00"}]}"#)
        }
        #expect(error?.code == "invalid_amount")
        #expect(error?.field == "events[0].order.lines[0].amount")
        #expect(error?.message.contains("2.61") == true)
    }

    @Test func theTotalCheckAddsTaxOnlyWhenPricesExcludeIt() {
        let payload = #"{"id":"A","gross":"GROSS","subtotal":"4.00","tax":"0.76","total":"4.00","items":[{"sku":"S","qty":1,"price":"4.00"}]}"#
        let exclusive = #expect(throws: PayloadError.self) { try order(payload.replacingOccurrences(of: "GROSS", with: "false")) }
        #expect(exclusive?.code == "check_failed" && exclusive?.field == "events[0].order.amounts.total")
        #expect(throws: Never.self) { try order(payload.replacingOccurrences(of: "GROSS", with: "true")) }
        let notBoolean = #expect(throws: PayloadError.self) { try order(payload.replacingOccurrences(of: "GROSS", with: "maybe")) }
        #expect(notBoolean?.code == "invalid_type" && notBoolean?.field == "events[0].order.pricesIncludeTax")
    }

    @Test func aBooleanFieldTakesOnlyBooleanReading() {
        var compiler = MappingCompiler(file: "shop.yaml")
        let error = #expect(throws: MappingError.self) {
            try compiler.compile(Self.mapping.replacingOccurrences(of: "{path: $.gross, as: boolean}", with: "{path: $.gross, as: integer}"))
        }
        #expect(error?.message.contains("takes boolean") == true)
    }

    @Test func roundingToTheCurrencyAndNotMatchesConditions() throws {
        var compiler = MappingCompiler(file: "round.yaml")
        let mapping = try compiler.compile("""
            channel: shop
            events:
              - type: =OrderCreated
                when: {path: $.ref, notMatches: "#Cancelled$"}
                channelOrderId: $.id
                order:
                  placedAt: =2026-01-01T00:00:00Z
                  currency: $.currency
                  amounts: {total: {path: $.total, transforms: [{round: {places: currency, mode: half_up}}]}}
                  lines: [{sku: =S, quantity: =1, unitPrice: {path: $.total, transforms: [{round: {places: currency, mode: half_up}}]}}]
              - type: =OrderCancelled
                when: {path: $.ref, matches: "#Cancelled$"}
                channelOrderId: $.id
            """)
        for (currency, minor) in [("JPY", Int64(1235)), ("EUR", 123457), ("KWD", 1234568)] {
            let message = try mapping.apply(Array(#"{"id":"A","currency":"\#(currency)","total":"1234.5678"}"#.utf8))
            guard case .order(let order)? = message.events.first?.body else { Issue.record("no order"); continue }
            #expect(order.amounts.total == minor, "\(currency)")
        }
        let cancelled = try mapping.apply(Array(#"{"id":"A","ref":"A#Cancelled","currency":"EUR","total":"1"}"#.utf8))
        #expect(cancelled.events.map(\.type) == [.orderCancelled])
    }
}
