import CanonicalModel
import Foundation
import TestSupport
import Testing

@testable import Mapping

@Suite struct ElementTreeTests {
    static let namespaces = [("o", "urn:order"), ("c", "urn:common")]

    func path(_ expression: String, names: XMLNameTable = XMLNameTable()) -> SimplePath? {
        SimplePath(expression, namespaces: Self.namespaces, names: names)
    }

    @Test func onlyChildStepsByNameAreSimple() {
        for simple in ["/o:Order/c:ID", "c:ID", "/o:Order/@version", "c:Line/c:Qty/@unit", "/o:Order/c:Note/text()", "Plain/Name", " /o:Order ", "c:Phone[1]/c:Number",
                       "c:Charge[c:Flag = 'false']/c:Amount", "/o:Order/c:Charge[c:Flag='true' or c:Flag = \"1\"][1]/@unit", "c:Ref[c:Id = 'a/b']"] {
            #expect(path(simple) != nil, "\(simple)")
        }
        for complex in [
            "//c:ID", "/o:Order/c:Line[2]", "/o:Order/c:Line[last()]", "count(/o:Order/c:Line)", "/o:Order/*", "../c:ID", "./c:ID", "/o:Order/x:Unknown",
            "concat(c:A, c:B)", "/", "c:A | c:B", "/o:Order/@*", "child::c:ID", "c:A[c:B != 'x']", "c:A[c:B = 'x' and c:C = 'y']",
            "c:A[1][c:B = 'x']", "c:A[c:B = x]", "c:A[c:B = 'x'", "c:A[normalize-space(c:B) = 'x']",
        ] {
            #expect(path(complex) == nil, "\(complex)")
        }
    }

    @Test func shippedMappingsWithOnlySimplePathsSkipTheDOM() throws {
        let mappings = ContractTestsTests.repository + "/mappings/"
        #expect(try MappingCompiler.compile(contentsOf: mappings + "ubl-order.yaml").elementPlan != nil)
        // cXML sums its totals and takes a union of address lines, POSLog filters with predicates: both keep the
        // DOM and libxml2's XPath.
        #expect(try MappingCompiler.compile(contentsOf: mappings + "cxml-order.yaml").elementPlan == nil)
        #expect(try MappingCompiler.compile(contentsOf: mappings + "poslog.yaml").elementPlan == nil)
    }

    /// Child-text filters and `at:` scopes give the element tree the same answers as libxml2's XPath.
    @Test func filteredStepsAndScopesAgreeWithTheDOM() throws {
        var compiler = MappingCompiler(file: "filters.yaml")
        let mapping = try compiler.compile(#"""
            channel: filters
            format: xml
            namespaces: {o: "urn:order", c: "urn:common"}
            events:
              - channelOrderId: /o:Order/c:ID
                order:
                  placedAt: =2026-01-01T00:00:00Z
                  currency: =EUR
                  amounts:
                    total: =10
                    shipping: {sum: ["/o:Order/c:Charge[c:Flag = 'true' or c:Flag = '1']/c:Amount"]}
                    discount: {sum: ["/o:Order/c:Charge[c:Flag = 'false' or c:Flag = '0']/c:Amount"]}
                  shippingAddress:
                    at: [/o:Order/c:Delivery/c:Address, /o:Order/c:Delivery/c:Party/c:PostalAddress]
                    country: c:Country
                    city: c:City
                    name: "c:Contact[c:Role = 'recipient']/c:Name"
                  lines:
                    forEach: /o:Order/c:Line
                    item: {sku: c:Sku, quantity: c:Qty, unitPrice: c:Price, discount: {sum: ["c:Charge[c:Flag = 'false']/c:Amount"]}}
            """#)
        #expect(mapping.elementPlan != nil)
        let document = """
            <o:Order xmlns:o="urn:order" xmlns:c="urn:common"><c:ID>F-1</c:ID>
              <c:Charge><c:Flag>true</c:Flag><c:Amount>2.00</c:Amount></c:Charge>
              <c:Charge><c:Flag>1</c:Flag><c:Amount>1.50</c:Amount></c:Charge>
              <c:Charge><c:Flag>false</c:Flag><c:Amount>0.50</c:Amount></c:Charge>
              <c:Charge><c:Flag> false </c:Flag><c:Amount>9.00</c:Amount></c:Charge>
              <c:Delivery><c:Party><c:PostalAddress><c:Country>SE</c:Country><c:City>Lund</c:City>
                <c:Contact><c:Role>buyer</c:Role><c:Name>Ann</c:Name></c:Contact>
                <c:Contact><c:Role>recipient</c:Role><c:Name>Bo</c:Name></c:Contact></c:PostalAddress></c:Party></c:Delivery>
              <c:Line><c:Sku>A</c:Sku><c:Qty>2</c:Qty><c:Price>3.00</c:Price><c:Charge><c:Flag>false</c:Flag><c:Amount>1.00</c:Amount></c:Charge></c:Line>
            </o:Order>
            """
        let bytes = Array(document.utf8)
        let fast = try mapping.apply(bytes)
        #expect(try fast == mapping.apply(parsed: .xml(try XMLPayload(bytes))))
        guard case .order(let order)? = fast.events.first?.body else { Issue.record("no order"); return }
        // " false " is not 'false' in XPath 1.0: that charge counts nowhere, as libxml2 says too.
        #expect(order.amounts.shipping == 350 && order.amounts.discount == 50)
        #expect(order.shippingAddress?.country == "SE" && order.shippingAddress?.city == "Lund" && order.shippingAddress?.name == "Bo")
        #expect(order.lines.first?.discount == 100)
        let withoutDelivery = Array(document.replacingOccurrences(of: "Delivery>", with: "Elsewhere>").utf8)
        guard case .order(let bare)? = try mapping.apply(withoutDelivery).events.first?.body else { Issue.record("no order"); return }
        #expect(bare.shippingAddress == nil)
    }

    /// Every contract-test input of a mapping with an element plan maps to the same result, or the same error,
    /// through the element tree as through the DOM and XPath.
    @Test func theElementTreeAgreesWithTheDOMOnEveryContractInput() throws {
        var compared = 0
        for file in try MappingCatalog.load(directory: ContractTestsTests.repository + "/mappings") where file.elementPlan != nil {
            let folder = ContractTestsTests.repository + "/contract-tests/" + file.channel
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".input.xml") {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                let fast = Result { () throws(PayloadError) in try file.apply(bytes) }
                let dom = Result { () throws(PayloadError) in try file.apply(parsed: .xml(try XMLPayload(bytes))) }
                #expect(fast == dom, "\(file.channel)/\(name)")
                compared += 1
            }
        }
        #expect(compared >= 5)
    }

    /// Damaged documents (cut short, bytes changed, pieces repeated) never crash and give the same answer as the DOM:
    /// the same events or the same error code.
    @Test func damagedDocumentsFailLikeTheDOM() throws {
        let ubl = try MappingCompiler.compile(contentsOf: ContractTestsTests.repository + "/mappings/ubl-order.yaml")
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: ContractTestsTests.repository + "/contract-tests/ubl-order/oasis-example.input.xml")))
        var generator = SeededGenerator(seed: 20261127)
        let replacements: [UInt8] = Array("<>&;\"'/=: \u{0}\u{FF}ax".utf8)
        var differences: [String] = []
        for round in 0..<400 {
            var bytes = original
            switch round % 4 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            case 1:
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = replacements.randomElement(using: &generator) ?? 0
                }
            case 2:
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = min(bytes.count, start + Int.random(in: 1...400, using: &generator))
                bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0..<bytes.count, using: &generator))
            default:
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...200, using: &generator)))
            }
            let fast = Result { () throws(PayloadError) in try ubl.apply(bytes) }
            let dom = Result { () throws(PayloadError) in try ubl.apply(parsed: .xml(try XMLPayload(bytes))) }
            switch (fast, dom) {
            case (.success(let a), .success(let b)) where a == b: continue
            case (.failure(let a), .failure(let b)) where a.code == b.code: continue
            default: differences.append("round \(round): \(fast) vs \(dom)")
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(3))")
    }

    /// Parsers and their name caches are kept per thread: two mappings taking turns on one thread, and many parses
    /// on many threads at once, each get their own names right.
    @Test func mappingsTakingTurnsAndParsingAtOnceStayApart() async throws {
        let ubl = try MappingCompiler.compile(contentsOf: ContractTestsTests.repository + "/mappings/ubl-order.yaml")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ContractTestsTests.repository + "/contract-tests/ubl-order/oasis-example.input.xml")))
        let expected = try ubl.apply(bytes)
        var compiler = MappingCompiler(file: "other.yaml")
        let other = try compiler.compile("""
            channel: other
            format: xml
            namespaces: {o: "urn:oasis:names:specification:ubl:schema:xsd:Order-2", cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
            events:
              - type: =OrderCancelled
                channelOrderId: /o:Order/cbc:Note
                occurredAt: "=2026-11-27T10:00:00Z"
            """)
        let otherExpected = try other.apply(bytes)
        #expect(otherExpected.events.first?.channelOrderId != expected.events.first?.channelOrderId)
        for _ in 0..<20 {
            #expect(try ubl.apply(bytes) == expected)
            #expect(try other.apply(bytes) == otherExpected)
        }
        let agreed = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let mapping = index % 2 == 0 ? ubl : other
                    return (try? mapping.apply(bytes)) == (index % 2 == 0 ? expected : otherExpected)
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(agreed)
    }

    @Test func stringValuesAttributesAndTextFollowXPath() throws {
        let names = XMLNameTable()
        let paths = [
            "/o:Order/c:Note", "/o:Order/c:Mixed", "/o:Order/c:Line/@c:unit", "/o:Order/c:Line/@id", "/o:Order/c:Empty/text()", "/o:Order/c:Note/text()",
        ].compactMap { path($0, names: names) }
        #expect(paths.count == 6)
        let lines = try #require(path("/o:Order/c:Line", names: names))
        let quantity = try #require(path("c:Qty", names: names))
        let plan = ElementTreePlan(names: names, paths: paths.map { ($0, false) } + [(lines, true), (quantity, false)])
        let document = """
            <?xml version="1.0"?>
            <o:Order xmlns:o="urn:order" xmlns="urn:common" xmlns:c="urn:common">
              <Note>fish &amp; chips &lt;hot&gt;<![CDATA[ & more]]></Note>
              <Mixed>a<b>B</b>c <Deep><Deeper>d</Deeper></Deep></Mixed>
              <Line c:unit="kg" id="x&amp;y"><Qty>2</Qty></Line>
              <Line><Qty>3</Qty><Qty>4</Qty></Line>
              <Empty/>
              <Other><Note>not under the order's note path</Note></Other>
            </o:Order>
            """
        let tree = try ElementTree(Array(document.utf8), plan: plan)
        func texts(_ path: SimplePath, from node: ElementRef? = nil) -> [String] { tree.select(path, from: node).compactMap(\.text) }
        #expect(texts(paths[0]) == ["fish & chips <hot> & more"])
        #expect(texts(paths[1]) == ["aBc d"])
        #expect(texts(paths[2]) == ["kg"])
        #expect(texts(paths[3]) == ["x&y"])
        #expect(texts(paths[4]).isEmpty)
        #expect(texts(paths[5]) == ["fish & chips <hot> & more"])
        let items = tree.select(lines, from: nil)
        #expect(items.count == 2)
        guard case .element(let second)? = items.last else { throw CancellationError() }
        #expect(texts(quantity, from: second) == ["3", "4"])
        // `[1]` takes the first such child of each node.
        let firstQuantities = try #require(path("/o:Order/c:Line/c:Qty[1]", names: names))
        #expect(texts(firstQuantities) == ["2", "3"])
    }

    @Test func anInternalSubsetIsSpottedAnywhereAndAnExternalIdentifierAloneIsNot() {
        for text in ["<!DOCTYPE x [", "<<<!DOCTYPE x [<!ENTITY e 'v'>]>", "<a/><!-- <!DOCTYPE a [ -->", String(repeating: "<", count: 100) + "<!DOCTYPE a SYSTEM 'x'["] {
            #expect(throws: XMLDoctype.declarationsRefused, "\(text)") { try XMLDoctype.check(Array(text.utf8)) }
        }
        for text in [
            "", "<!DOCTYP", "<!doctype a [", "<a>!DOCTYPE [</a>", String(repeating: "<!DOCTYP", count: 50),
            #"<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd"><cXML/>"#,
            #"<!DOCTYPE a PUBLIC "-//x//[odd]//EN" 'a[1].dtd'><a>[text]</a>"#,
        ] {
            #expect(throws: Never.self, "\(text)") { try XMLDoctype.check(Array(text.utf8)) }
        }
    }

    @Test func malformedDocumentsAndDoctypesFailAsWithTheDOM() throws {
        let plan = try #require(XMLPathRegistry().planFor("/o:Order/c:ID", namespaces: Self.namespaces))
        #expect(throws: PayloadError(.malformed, code: "empty_body", message: "the request body is empty")) { try ElementTree([], plan: plan) }
        let doctype = #"<?xml version="1.0"?><!DOCTYPE o [<!ENTITY e SYSTEM "file:///etc/passwd">]><o:Order xmlns:o="urn:order">&e;</o:Order>"#
        #expect(throws: XMLDoctype.declarationsRefused) { try ElementTree(Array(doctype.utf8), plan: plan) }
        do {
            _ = try ElementTree(Array("<o:Order xmlns:o=\"urn:order\">\n<a></b>\n</o:Order>".utf8), plan: plan)
            Issue.record("a mismatched tag was accepted")
        } catch {
            #expect(error.code == "invalid_xml")
            #expect(error.field == "line 2")
        }
    }
}

extension XMLPathRegistry {
    /// A plan for one path, for tests.
    func planFor(_ expression: String, namespaces: [(String, String)]) -> ElementTreePlan? {
        _ = register(expression, namespaces: namespaces, keepsSubtree: false)
        return plan()
    }
}

