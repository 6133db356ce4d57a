import CanonicalModel
import Foundation
import Mapping
import Testing

@Suite struct MappingApplyTests {
    func apply(_ mapping: String, _ payload: String) throws -> DecodedMessage {
        var compiler = MappingCompiler(file: "test.yaml", baseDirectory: NSTemporaryDirectory())
        return try compiler.compile(mapping).apply(Array(payload.utf8))
    }

    /// A Douyin-style parent order with sub-orders in fen and Beijing time, split into child orders.
    static let splitMapping = """
        channel: douyin
        lookups:
          status: {"2": paid, "3": shipped, "4": cancelled}
        messageId: $.data.p_id
        events:
          - forEach: "$.data.sku_order_list[*]"
            type: =OrderCreated
            channelOrderId: order_id
            order:
              parentChannelOrderId: $.data.p_id
              status: {path: $.data.order_status, lookup: status}
              placedAt: {path: $.data.create_time, as: timestamp, format: unix}
              updatedAt: {path: $.data.update_time, as: timestamp, format: "yyyy-MM-dd HH:mm:ss", timezone: Asia/Shanghai}
              currency: =CNY
              amounts:
                total: {path: pay_amount, as: minor}
              lines:
                - sku: {path: out_sku_id, transforms: [trim, upper]}
                  title: {path: product_name, transforms: [{regex: "^(.*?) - "}]}
                  quantity: item_num
                  unitPrice: {path: origin_amount, as: minor}
                  discount: {path: discount_fen, transforms: [{divide: "100"}]}
              extras:
                shop: $.data.shop_id
        """

    static let splitPayload = """
        {"data":{"p_id":"P100","order_status":2,"create_time":1764201600,"update_time":"2025-11-27 08:00:00","shop_id":77,
          "sku_order_list":[
            {"order_id":"C1","pay_amount":1990,"out_sku_id":" tea-1 ","product_name":"Longjing - 250 g","item_num":1,"origin_amount":1990,"discount_fen":0},
            {"order_id":"C2","pay_amount":500,"out_sku_id":"cup-2","product_name":"Cup - white","item_num":2,"origin_amount":300,"discount_fen":100}]}}
        """

    @Test func aParentOrderSplitsIntoLinkedChildrenWithFenAndBeijingTime() throws {
        let message = try apply(Self.splitMapping, Self.splitPayload)
        #expect(message.messageId == "P100")
        #expect(message.events.map(\.channelOrderId) == ["C1", "C2"])
        guard case .order(let first) = message.events[0].body, case .order(let second) = message.events[1].body else {
            Issue.record("expected orders")
            return
        }
        #expect(first.parentChannelOrderId == "P100")
        #expect(first.status == .paid)
        #expect(first.amounts.total == 1990)
        #expect(first.lines[0].sku == "TEA-1")
        #expect(first.lines[0].title == "Longjing")
        #expect(first.placedAt == Date(timeIntervalSince1970: 1_764_201_600))
        #expect(first.channelUpdatedAt == Timestamp.parse("2025-11-27T00:00:00Z"))
        #expect(second.lines[0].unitPrice == 300)
        #expect(second.lines[0].discount == 100)
        #expect(first.extras?["shop"] == .string("77"))
    }

    @Test func unknownCodesAndBadValuesNameTheRuleAndThePayloadPath() {
        let payload = Self.splitPayload.replacingOccurrences(of: "\"order_status\":2", with: "\"order_status\":9")
        do {
            _ = try apply(Self.splitMapping, payload)
            Issue.record("expected an error")
        } catch let error as PayloadError {
            #expect(error.code == "unknown_code")
            #expect(error.field == "events[0].order.status")
            #expect(error.message.contains("test.yaml:11:"))
            #expect(error.message.contains("$.data.order_status"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func xmlMapsOneLineAndManyLinesAlike() throws {
        let mapping = """
            channel: erp
            format: xml
            namespaces: {u: "urn:example:order"}
            events:
              - channelOrderId: /u:Order/u:No
                order:
                  placedAt: {xpath: /u:Order/u:Date, as: timestamp, format: "yyyy-MM-dd HH:mm:ss", timezone: Asia/Shanghai}
                  currency: /u:Order/@currency
                  amounts: {total: "sum(/u:Order/u:Line/u:Amount)"}
                  lines:
                    forEach: /u:Order/u:Line
                    item: {sku: u:Sku, quantity: u:Qty, unitPrice: u:Price}
            """
        let one = "<Order xmlns=\"urn:example:order\" currency=\"CNY\"><No>8</No><Date>2025-11-27 10:00:00</Date><Line><Sku>A</Sku><Qty>2</Qty><Price>5.50</Price><Amount>11</Amount></Line></Order>"
        let many = one.replacingOccurrences(of: "</Line>", with: "</Line><Line><Sku>B</Sku><Qty>1</Qty><Price>3</Price><Amount>3</Amount></Line>")
        let single = try apply(mapping, one)
        let double = try apply(mapping, many)
        guard case .order(let first) = single.events[0].body, case .order(let second) = double.events[0].body else {
            Issue.record("expected orders")
            return
        }
        #expect(first.lines.map(\.sku) == ["A"])
        #expect(second.lines.map(\.sku) == ["A", "B"])
        #expect(second.amounts.total == 1400)
        #expect(first.placedAt == Timestamp.parse("2025-11-27T02:00:00Z"))
    }

    @Test func gbkDocumentsAreReadByTheirDeclaredEncoding() throws {
        let mapping = "channel: u8\nformat: xml\nevents:\n  - channelOrderId: /ufinterface/voucher/@id\n    order:\n      placedAt: =2025-11-27T00:00:00Z\n      currency: =CNY\n      amounts: {total: =1}\n      lines: [{sku: /ufinterface/voucher/cinvname, quantity: =1, unitPrice: =1}]\n"
        // "<?xml version="1.0" encoding="GBK"?><ufinterface><voucher id="7"><cinvname>茶叶</cinvname></voucher></ufinterface>" in GBK.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"GBK\"?><ufinterface><voucher id=\"7\"><cinvname>".utf8)
        bytes += [0xB2, 0xE8, 0xD2, 0xB6]
        bytes += Array("</cinvname></voucher></ufinterface>".utf8)
        var compiler = MappingCompiler(file: "u8.yaml")
        let message = try compiler.compile(mapping).apply(bytes)
        guard case .order(let order) = message.events[0].body else {
            Issue.record("expected an order")
            return
        }
        #expect(order.lines[0].sku == "茶叶")
    }

    @Test func conditionsAndCasesChooseEvents() throws {
        let mapping = """
            channel: shop
            events:
              - type: {path: $.state, lookup: kinds}
                channelOrderId: $.id
                payment: {currency: =EUR, amount: $.paid, paidAt: $.at}
                shipment:
                  status: {cases: [{when: {path: $.delivered, equals: "true"}, value: =delivered}], otherwise: =shipped}
              - type: =OrderCancelled
                when: {path: $.state, equals: void}
                channelOrderId: $.id
            lookups:
              kinds: {paid: PaymentConfirmed, sent: ShipmentUpdated, void: none}
            """
        let paid = try apply(mapping, #"{"id":"1","state":"paid","paid":"9.90","at":"2025-11-27T10:00:00Z"}"#)
        #expect(paid.events.map(\.type) == [.paymentConfirmed])
        let sent = try apply(mapping, #"{"id":"1","state":"sent","delivered":true}"#)
        #expect(sent.events.first?.body == .shipment(Shipment(status: .delivered)))
        let void = try apply(mapping, #"{"id":"1","state":"void"}"#)
        #expect(void.events.map(\.type) == [.orderCancelled])
    }

    func expectFailure(_ mapping: String, _ payload: [UInt8], code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            var compiler = MappingCompiler(file: "test.yaml")
            _ = try compiler.compile(mapping).apply(payload)
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch let error as PayloadError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func outOfRangeTimestampsAndNonNumbersAreErrorsNotCrashes() {
        let huge = Self.splitPayload.replacingOccurrences(of: "\"create_time\":1764201600", with: "\"create_time\":99999999999999999")
        expectFailure(Self.splitMapping, Array(huge.utf8), code: "invalid_timestamp")
        let mapping = "channel: t\nevents:\n  - channelOrderId: $.id\n    order:\n      placedAt: =2025-11-27T00:00:00Z\n      currency: =CNY\n      amounts: {total: =1}\n      lines: [{sku: =S, quantity: =1, unitPrice: =1}]\n      extras: {rate: {path: $.rate, as: decimal}, count: {path: $.count, as: integer}}\n"
        for bad in [#"{"id":"1","rate":"nan"}"#, #"{"id":"1","rate":"inf"}"#, #"{"id":"1","rate":".5"}"#, #"{"id":"1","count":"+5"}"#, #"{"id":"1","count":"0x10"}"#] {
            expectFailure(mapping, Array(bad.utf8), code: "invalid_type")
        }
    }

    @Test func aDoctypeAnywhereOrInAnyEncodingIsRefused() {
        let mapping = "channel: x\nformat: xml\nevents:\n  - channelOrderId: /Order/ID\n"
        let hidden = "<?xml version=\"1.0\"?><!--" + String(repeating: "x", count: 5000) + "--><!DOCTYPE Order [<!ENTITY e \"INJECTED\">]><Order><ID>&e;</ID></Order>"
        expectFailure(mapping, Array(hidden.utf8), code: "xml_doctype_not_allowed")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE Order [<!ENTITY e \"INJECTED\">]><Order><ID>&e;</ID></Order>".utf16 {
            utf16.append(UInt8(unit & 0xFF))
            utf16.append(UInt8(unit >> 8))
        }
        expectFailure(mapping, utf16, code: "xml_doctype_not_allowed")
        let billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Order><ID>&c;</ID></Order>"
        expectFailure(mapping, Array(billionLaughs.utf8), code: "xml_doctype_not_allowed")
    }

    @Test func aDoctypeNamingOnlyAnExternalDTDIsReadAndTheDTDNeverLoaded() throws {
        // The fast element-tree path (a plain path) and the DOM (an XPath function) read the same documents.
        let mappings = [
            "channel: x\nformat: xml\nevents:\n  - type: =OrderCancelled\n    channelOrderId: /cXML/@payloadID\n",
            "channel: x\nformat: xml\nevents:\n  - type: =OrderCancelled\n    channelOrderId: concat(/cXML/@payloadID, '')\n",
        ]
        for mapping in mappings {
            var compiler = MappingCompiler(file: "test.yaml")
            let compiled = try compiler.compile(mapping)
            for system in ["http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd", "file:///etc/passwd"] {
                let document = "<?xml version=\"1.0\"?>\n<!DOCTYPE cXML SYSTEM \"\(system)\">\n<cXML payloadID=\"P-1\"><Request/></cXML>"
                let decoded = try compiled.apply(Array(document.utf8))
                #expect(decoded.events.first?.channelOrderId == "P-1", "\(mapping)")
            }
            var utf16: [UInt8] = [0xFF, 0xFE]
            for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE cXML SYSTEM \"cXML.dtd\"><cXML payloadID=\"P-2\"/>".utf16 {
                utf16.append(UInt8(unit & 0xFF))
                utf16.append(UInt8(unit >> 8))
            }
            #expect(try compiled.apply(utf16).events.first?.channelOrderId == "P-2")
            // A reference to an entity only the DTD could declare is refused with its line, in text and in attributes.
            for body in ["<cXML payloadID=\"P-3\">\n<A>&nbsp;</A></cXML>", "<cXML payloadID=\"P-&x;\"/>"] {
                let document = "<?xml version=\"1.0\"?>\n<!DOCTYPE cXML SYSTEM \"cXML.dtd\">\n" + body
                let error = #expect(throws: PayloadError.self) { try compiled.apply(Array(document.utf8)) }
                #expect(error?.code == "invalid_xml")
                #expect(error?.field?.hasPrefix("line ") == true)
                #expect(error?.message.contains("entity reference") == true)
            }
        }
    }

    @Test func bigDiffsAreSummarisedInsteadOfComputed() {
        let big = (0..<3000).map { "line \($0)" }.joined(separator: "\n")
        #expect(LineDiff.make(from: big, to: big + "\nmore").hasPrefix("(diff omitted"))
        #expect(LineDiff.make(from: "a\nb", to: "a\nc") == "  a\n- b\n+ c")
    }

    @Test func lookupTablesCanComeFromCSVFilesBesideTheMapping() throws {
        let folder = NSTemporaryDirectory() + "channelgate-lookup-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/lookups", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "key,value\nSF,SF Express\nYTO,YTO Express\n".write(toFile: folder + "/lookups/carriers.csv", atomically: true, encoding: .utf8)
        let mapping = """
            channel: t
            lookups:
              carriers: {file: lookups/carriers.csv}
            events:
              - type: =ShipmentUpdated
                channelOrderId: $.id
                shipment: {carrier: {path: $.carrier, lookup: carriers}}
            """
        try mapping.write(toFile: folder + "/t.yaml", atomically: true, encoding: .utf8)
        let compiled = try MappingCompiler.compile(contentsOf: folder + "/t.yaml")
        let message = try compiled.apply(Array(#"{"id":"1","carrier":"YTO"}"#.utf8))
        #expect(message.events.first?.body == .shipment(Shipment(status: .shipped, carrier: "YTO Express")))
        try mapping.replacingOccurrences(of: "lookups/carriers.csv", with: "../etc/passwd").write(toFile: folder + "/t.yaml", atomically: true, encoding: .utf8)
        #expect(throws: MappingError.self) { try MappingCompiler.compile(contentsOf: folder + "/t.yaml") }
    }
}
