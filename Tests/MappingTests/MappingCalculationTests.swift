import CanonicalModel
import Foundation
import Mapping
import Testing

/// Filters, sums, differences, products, counts, rounding and named values in mappings.
@Suite struct MappingCalculationTests {
    func apply(_ mapping: String, _ payload: String) throws -> JSONValue {
        var compiler = MappingCompiler(file: "test.yaml")
        let message = try compiler.compile(mapping).apply(Array(payload.utf8))
        let lines = MappingPreview.lines(message, channel: "shop")
        return try JSONReader().parse(Array(lines[0].utf8))
    }

    static let payload = #"""
        {"id":"A-1","currency":"EUR","shipping":"4.00",
         "fees":[{"kind":"handling","amount":"1.50"},{"kind":"gift_wrap","amount":"2.25"}],
         "discounts":[{"amount":"3.00"},{"amount":"0.75"}],
         "items":[{"type":"product","sku":"A","qty":2,"net":"8.40336"},{"type":"bundle","sku":"B","qty":1,"net":"5.00"},
                  {"type":"product","sku":"C","qty":1,"net":"1.005","stock":{"warehouse":"north"}}]}
        """#

    static let mapping = """
        channel: shop
        values:
          orderId: {path: $.id, required: true}
          netPrice: {path: net, transforms: [{round: {places: 2, mode: half_up}}]}
        events:
          - type: =OrderCreated
            channelOrderId: {value: orderId}
            order:
              status: =created
              placedAt: =2026-01-01T00:00:00Z
              currency: $.currency
              amounts:
                shipping: {sum: [$.shipping, "$.fees[*].amount"]}
                discount: {sum: ["$.discounts[*].amount"]}
                total: {difference: [{sum: ["$.items[?(@.type == 'product')].net"]}, "$.nothing"], transforms: [{round: {places: 2, mode: half_even}}]}
              lines:
                forEach: "$.items[?(@.type != 'bundle' && @.qty >= 1)]"
                item:
                  sku: sku
                  quantity: qty
                  unitPrice: {value: netPrice}
                  title: {concat: [{value: orderId}, {count: "$.items[?(@.stock)]"}], separator: "/"}
        """

    @Test func filtersSumsDifferencesCountsRoundingAndNamedValues() throws {
        let event = try apply(Self.mapping, Self.payload)
        #expect(event["channelOrderId"] == .string("A-1"))
        let order = try #require(event["data"])
        #expect(order["amounts"]?["shipping"] == .number("775"))
        #expect(order["amounts"]?["discount"] == .number("375"))
        // 8.40336 + 1.005 = 9.40836 → 9.41 (half even), no bundle.
        #expect(order["amounts"]?["total"] == .number("941"))
        guard case .array(let lines)? = order["lines"] else { Issue.record("no lines"); return }
        #expect(lines.map { $0["sku"] } == [.string("A"), .string("C")])
        // 8.40336 → 8.40; 1.005 → 1.01 half up.
        #expect(lines.map { $0["unitPrice"] } == [.number("840"), .number("101")])
        #expect(lines.first?["title"] == .string("A-1/1"))
    }

    @Test(arguments: [
        ("half_even", "2.345", "2.34"), ("half_even", "2.355", "2.36"), ("half_up", "2.345", "2.35"), ("half_down", "2.345", "2.34"),
        ("half_down", "2.3451", "2.35"), ("up", "2.341", "2.35"), ("down", "2.349", "2.34"), ("half_up", "-2.345", "-2.35"),
        ("up", "-2.341", "-2.35"), ("down", "-0.001", "0"),
    ])
    func roundingFollowsItsMode(mode: String, value: String, expected: String) throws {
        let mapping = """
            channel: shop
            events:
              - type: =OrderCancelled
                channelOrderId: $.id
                cancellation:
                  reason: {path: $.v, transforms: [{round: {places: 2, mode: \(mode)}}]}
            """
        let event = try apply(mapping, #"{"id":"X","v":"\#(value)"}"#)
        #expect(event["data"]?["cancellation"]?["reason"] == .string(expected))
    }

    @Test func mistakesAreCompileErrorsAtTheirLine() {
        let header = "channel: shop\nevents:\n  - type: =OrderCancelled\n    channelOrderId: "
        for (rule, fragment) in [
            (#"{path: $.id, transforms: [{round: {places: 2}}]}"#, "explicit mode"),
            (#"{value: nowhere}"#, "unknown named value"),
            (#""$.items[?(@.type == bundle)]""#, "not a literal"),
            (#""$.items[?(@.type == 'x'""#, "unclosed filter"),
            (#"{difference: [$.a]}"#, "at least two"),
        ] {
            var compiler = MappingCompiler(file: "t.yaml")
            let error = #expect(throws: MappingError.self) { try compiler.compile(header + rule + "\n") }
            #expect(error?.description.contains(fragment) == true, "\(rule): \(String(describing: error))")
            #expect(error?.description.contains("t.yaml:4") == true, "\(rule): \(String(describing: error))")
        }
        var compiler = MappingCompiler(file: "t.yaml")
        let unused = #expect(throws: MappingError.self) { try compiler.compile("channel: shop\nvalues:\n  spare: $.x\nevents:\n  - type: =OrderCancelled\n    channelOrderId: $.id\n") }
        #expect(unused?.description.contains("never used") == true)
        var again = MappingCompiler(file: "t.yaml")
        let loop = #expect(throws: MappingError.self) { try again.compile("channel: shop\nvalues:\n  a: {value: a}\nevents:\n  - type: =OrderCancelled\n    channelOrderId: {value: a}\n") }
        #expect(loop?.description.contains("refers to itself") == true)
    }

    @Test func aNonNumberInASumIsAnErrorNamingTheField() throws {
        let mapping = "channel: shop\nevents:\n  - type: =OrderCancelled\n    channelOrderId: $.id\n    cancellation:\n      reason: {sum: [\"$.v[*]\"]}\n"
        var compiler = MappingCompiler(file: "t.yaml")
        let compiled = try compiler.compile(mapping)
        let error = #expect(throws: PayloadError.self) { try compiled.apply(Array(#"{"id":"X","v":["1","two"]}"#.utf8)) }
        #expect(error?.code == "invalid_type")
        #expect(error?.field == "events[0].cancellation.reason")
    }
}

/// Rules that refuse or skip a document, quotients, closed vocabularies, failing transforms and structured extras.
@Suite struct MappingRuleOutcomeTests {
    func compile(_ text: String) throws -> CompiledMapping {
        var compiler = MappingCompiler(file: "t.yaml")
        return try compiler.compile(text)
    }

    @Test func rejectAndSkipRulesNameTheirReason() throws {
        let mapping = try compile("""
            channel: shop
            events:
              - when: {path: $.items, exists: true}
                reject: an item list is not an order
              - when: {path: $.state, equals: DRAFT}
                skip: drafts are not orders yet
              - type: {cases: [{when: {path: $.state, equals: OPEN}, value: =OrderCancelled}], otherwise: =none}
                channelOrderId: $.id
            """)
        let refused = #expect(throws: PayloadError.self) { try mapping.apply(Array(#"{"items":[1]}"#.utf8)) }
        #expect(refused?.code == "unsupported_document")
        #expect(refused?.field == "$.items")
        let skipped = try mapping.apply(Array(#"{"id":"A","state":"DRAFT"}"#.utf8))
        #expect(skipped.events.isEmpty && skipped.skipped == "drafts are not orders yet")
        #expect(try mapping.apply(Array(#"{"id":"A","state":"OPEN"}"#.utf8)).events.count == 1)
        let nothing = #expect(throws: PayloadError.self) { try mapping.apply(Array(#"{"id":"A","state":"PAID"}"#.utf8)) }
        #expect(nothing?.code == "no_events")
    }

    @Test func quotientsFailingTransformsAndStructuredExtras() throws {
        let mapping = try compile("""
            channel: shop
            events:
              - channelOrderId: {path: $.ref, transforms: [{regex: "^ORD-(\\\\d+)$"}]}
                order:
                  status: =created
                  placedAt: =2026-01-01T00:00:00Z
                  currency: =EUR
                  amounts: {total: {quotient: [$.gross, $.qty], transforms: [{round: {places: 2, mode: half_up}}]}}
                  lines: [{sku: =A, quantity: =1, unitPrice: =1.00}]
                  extras: {pickup: $.pickup}
            """)
        let message = try mapping.apply(Array(#"{"ref":"ORD-7","gross":"10","qty":3,"pickup":{"store":"S1"}}"#.utf8))
        guard case .order(let order)? = message.events.first?.body else { Issue.record("no order"); return }
        #expect(message.events.first?.channelOrderId == "7")
        #expect(order.amounts.total == 333)
        #expect(order.extras?["pickup"] == .object(["store": .string("S1")]))
        let unmatched = #expect(throws: PayloadError.self) { try mapping.apply(Array(#"{"ref":"X-7","gross":"10","qty":3}"#.utf8)) }
        #expect(unmatched?.code == "invalid_value")
        #expect(unmatched?.field == "events[0].channelOrderId")
        let byZero = #expect(throws: PayloadError.self) { try mapping.apply(Array(#"{"ref":"ORD-7","gross":"10","qty":0}"#.utf8)) }
        #expect(byZero?.code == "invalid_value")
    }

    @Test func closedVocabulariesAreCheckedWhenTheMappingCompiles() {
        for (rule, fragment) in [
            ("type: =OrderCanceled", "\"OrderCanceled\" is not a valid type"),
            ("order: {status: {path: $.s, lookup: st}}", "lookup st maps \"X\" to \"open\""),
        ] {
            let text = "channel: shop\nlookups: {st: {X: open}}\nevents:\n  - channelOrderId: $.id\n    \(rule)\n"
            let error = #expect(throws: MappingError.self) { try compile(text) }
            #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
        }
    }

    @Test func errorsFoundAfterMappingNameTheRuleAndPayloadPath() throws {
        let mapping = try compile("""
            channel: shop
            events:
              - type: {cases: [{when: {path: $.kind, equals: note}, value: =none}], otherwise: =OrderCreated}
                channelOrderId: {path: $.id, required: true}
                order:
                  placedAt: =2026-01-01T00:00:00Z
                  currency: =EUR
                  amounts: {total: $.total}
                  lines:
                    forEach: "$.items[*]"
                    item: {sku: sku, quantity: qty, unitPrice: price}
            """)
        let zero = #expect(throws: PayloadError.self) {
            try mapping.apply(Array(#"{"id":"A","total":"1","items":[{"sku":"S","qty":0,"price":"1"}]}"#.utf8))
        }
        #expect(zero?.code == "invalid_quantity" && zero?.field == "events[0].order.lines[0].quantity")
        #expect(zero?.message.contains("mapping rule at t.yaml:11:") == true && zero?.message.contains("payload path qty") == true)
        let noTotal = #expect(throws: PayloadError.self) {
            try mapping.apply(Array(#"{"id":"A","items":[{"sku":"S","qty":1,"price":"1"}]}"#.utf8))
        }
        #expect(noTotal?.field == "events[0].order.amounts" && noTotal?.message.contains("total at t.yaml:8:") == true)
        #expect(noTotal?.message.contains("payload path $.total") == true)
        // A rule whose type resolves to none is not evaluated further: no missing_field for its id.
        let note = #expect(throws: PayloadError.self) { try mapping.apply(Array(#"{"kind":"note"}"#.utf8)) }
        #expect(note?.code == "no_events")
    }
}
