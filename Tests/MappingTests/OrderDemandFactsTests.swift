import CanonicalModel
import Mapping
import Testing

@Suite struct OrderDemandFactsTests {
    @Test func skimmingFindsWhatAFullParseFindsAndSkipsTheRest() throws {
        let text = #"""
            {"orderId":"o-1","extras":{"deep":[[1,2,{"lines":[{"sku":"NOT-THIS"}]}],"a\"b",true,null,-1.5e3]},
             "placedAt":"2026-11-27T10:00:00Z","buyer":{"name":"enc:v1:k:abc"},
             "shippingAddress":{"country":"CN","province":"浙江","city":"杭州","street":["西湖区 \u6587\u4e09\u8def"]},
             "lines":[{"lineId":"1","sku":"SKU-TEA-01","quantity":2,"unitPrice":1900},{"sku":"SKU\\CUP","quantity":"3"},{"quantity":1}]}
            """#
        let facts = try #require(OrderDemandFacts(json: Array(text.utf8)))
        #expect(facts.placedAt == "2026-11-27T10:00:00Z")
        #expect(facts.province == "浙江")
        #expect(facts.city == "杭州")
        #expect(facts.lines == [.init(sku: "SKU-TEA-01", quantity: "2"), .init(sku: "SKU\\CUP", quantity: "3"), .init(sku: nil, quantity: "1")])
        // The same answers as reading the whole document.
        let whole = try JSONReader().parse(Array(text.utf8))
        #expect(whole["shippingAddress"]?["province"]?.scalarText == facts.province)
        guard case .array(let lines)? = whole["lines"] else { throw CancellationError() }
        #expect(lines[1]["sku"]?.scalarText == facts.lines[1].sku)
    }

    @Test func malformedOrTruncatedJSONGivesNothing() {
        for text in ["", "[]", #"{"placedAt":"x""#, #"{"lines":[{"sku":"a"},]}"#, #"{"extras":{"a":tru}}"#, #"{"a":"unterminated}"#] {
            #expect(OrderDemandFacts(json: Array(text.utf8)) == nil, "\(text)")
        }
        let deep = "{\"extras\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"
        #expect(OrderDemandFacts(json: Array(deep.utf8)) == nil)
    }
}
