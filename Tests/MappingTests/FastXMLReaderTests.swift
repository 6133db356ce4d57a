import CanonicalModel
import Foundation
import TestSupport
import Testing

@testable import Mapping

/// The fast XML reader builds exactly libxml2's tree for every document it keeps, and leaves every other document
/// (other encodings, DOCTYPEs, anything not well-formed) to libxml2, whose verdict users then see.
@Suite struct FastXMLReaderTests {
    static let namespaces = [("o", "urn:order"), ("c", "urn:common"), ("x", "http://www.w3.org/XML/1998/namespace")]

    /// A plan reaching names, attributes, mixed text and one kept subtree of the documents below.
    static func testPlan() throws -> ElementTreePlan {
        let names = XMLNameTable()
        let simple = [
            "/o:Order/c:Note", "/o:Order/c:Mixed", "/o:Order/c:Line/@c:unit", "/o:Order/c:Line/@id", "/o:Order/c:Line/@x:lang",
            "/o:Order/c:Empty/text()", "/o:Order/c:Empty/@id", "/o:Order/c:Name", "/o:Order/@id", "/o:Order/c:Plain",
        ].compactMap { SimplePath($0, namespaces: namespaces, names: names) }
        let lines = try #require(SimplePath("/o:Order/c:Line", namespaces: namespaces, names: names))
        let quantity = try #require(SimplePath("c:Qty", namespaces: namespaces, names: names))
        return ElementTreePlan(names: names, paths: simple.map { ($0, false) } + [(lines, true), (quantity, false)])
    }

    /// The outcome of one reader: the tree's structure or the error code.
    static func outcome(_ bytes: [UInt8], _ plan: ElementTreePlan, _ readers: ElementTreeReaders) -> String {
        do {
            return try ElementTree(bytes, plan: plan, readers: readers).structure
        } catch {
            return "error \(error.code): \(error.message)"
        }
    }

    static let kept: [String] = [
        // Line ends: CR LF and lone CR become LF in text and CDATA, one space in attribute values.
        "<o:Order xmlns:o=\"urn:order\" xmlns=\"urn:common\" id=\"a\r\nb\rc\td\">\r\n  <Note>one\r\ntwo\rthree<![CDATA[\r\nfour\r]]></Note>\r\n</o:Order>\r\n",
        // References in text and attributes, characters beyond ASCII, character references to white space.
        "<o:Order xmlns:o=\"urn:order\" xmlns:c=\"urn:common\" id='&#x4E2D;&#20013;&lt;&gt;&amp;&quot;&apos;&#10;&#13;&#9;'><c:Name>李 &#x1F600; caf\u{E9} &amp;&#38; &#60;</c:Name></o:Order>",
        // A BOM, a full declaration, comments and processing instructions everywhere they may be.
        "\u{FEFF}<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<!-- before --><?app data?>\n<o:Order xmlns:o=\"urn:order\" xmlns=\"urn:common\"><Note>a<!-- x -->b<?pi?>c</Note><!-- - --></o:Order><!-- after -->\n<?end?>  \n",
        // Namespaces: defaults changed and undone, prefixes rebound below, attributes in namespaces, xml:lang.
        """
        <Order xmlns="urn:order"><c:Line xmlns:c="urn:common" c:unit="kg" id="1" xml:lang="sv"><Qty xmlns="urn:common">2<b xmlns="">B</b></Qty>\
        <c:Qty xmlns:c="urn:other">9</c:Qty></c:Line><Line xmlns="urn:common" xmlns:c="urn:common" c:unit='g'><Qty>3</Qty></Line>\
        <Empty xmlns="urn:common" id="e"/><Plain xmlns="urn:common">  </Plain></Order>
        """,
        // Mixed content, white space between elements and inside empty ones, tags with spaces before their end.
        "<o:Order xmlns:o=\"urn:order\" xmlns:c=\"urn:common\" >\n\t<c:Mixed>a <b>B</b> c<d/>  <e> </e> </c:Mixed >\n<c:Note>   </c:Note><c:Empty></c:Empty ><c:Line\n id = \"7\"\t><c:Qty> 1 </c:Qty></c:Line></o:Order >",
        // Nothing named: the root alone.
        "<unknown a=\"1\"><x><y>deep</y></x></unknown>",
        "<o:Order xmlns:o=\"urn:order\"/>",
        // Text with brackets that do not close a CDATA section, and a greater-than sign.
        "<o:Order xmlns:o=\"urn:order\" xmlns:c=\"urn:common\"><c:Note>a]b]]c ]> x > y</c:Note></o:Order>",
    ]

    @Test func keptDocumentsGiveLibXML2sTree() throws {
        let plan = try Self.testPlan()
        for document in Self.kept {
            let bytes = Array(document.utf8)
            let fast = Self.outcome(bytes, plan, .fastOnly)
            #expect(!fast.hasPrefix("error"), "the fast reader left \(document.debugDescription): \(fast)")
            #expect(fast == Self.outcome(bytes, plan, .libxml2Only), "\(document.debugDescription)")
            #expect(fast == Self.outcome(bytes, plan, .any))
        }
        #expect(ElementTreeReaders.checkMatchesC())
    }

    static let left: [[UInt8]] = [
        Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><o:Order xmlns:o=\"urn:order\" id=\"caf".utf8) + [0xE9] + Array("\"/>".utf8),
        Array("<?xml version=\"1.0\" encoding=\"GB2312\"?><o:Order xmlns:o=\"urn:order\" id=\"".utf8) + [0xD6, 0xD0] + Array("\"/>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\" id=\"".utf8) + [0xE9] + Array("\"/>".utf8),
        [0xFF, 0xFE] + Array("<\0a\0/\0>\0".utf8),
        Array("<?xml version=\"1.1\"?><a/>".utf8),
        Array("<!DOCTYPE o:Order SYSTEM \"order.dtd\"><o:Order xmlns:o=\"urn:order\"/>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\"><a></b></o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\"><a>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">a]]>b</o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\" id=\"a<b\"/>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\"><p:a/></o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\" p:a=\"1\"/>".utf8),
        // An unbound prefix below an element no path reaches, where nothing is kept.
        Array("<o:Order xmlns:o=\"urn:order\"><x><y><p:a/></y></x></o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\"><x><y p:b=\"1\"/></x></o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\" id=\"1\" id=\"2\"/>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\" xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:a=\"1\" q:a=\"2\"/>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">&nbsp;</o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">&#0;</o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">a\u{1}b</o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">".utf8) + [0xC3, 0x28] + Array("</o:Order>".utf8),
        Array("<o:Order xmlns:o=\"urn:order\">".utf8) + [0xEF, 0xBF, 0xBF] + Array("</o:Order>".utf8),
        Array("<a/><b/>".utf8),
        Array("<a/>text".utf8),
        Array("text<a/>".utf8),
        Array(" <?xml version=\"1.0\"?><a/>".utf8),
        Array("<a><?xml version=\"1.0\"?></a>".utf8),
        Array("<a><!-- x -- y --></a>".utf8),
        Array("<a b=\"1\"c=\"2\"/>".utf8),
        Array("<名前>x</名前>".utf8),
        Array("<a xmlns:p=\"\"/>".utf8),
        Array("<a xmlns:xml=\"urn:other\"/>".utf8),
        Array((String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)).utf8),
        Array("<a:b:c xmlns:a=\"urn:a\"/>".utf8),
        Array("<a: xmlns:a=\"urn:a\"/>".utf8),
        Array("<a:1b xmlns:a=\"urn:a\"/>".utf8),
        Array("<a xmlns:p=\"urn:a\"><p:averyveryverylongname:second/></a>".utf8),
        Array("<a></a >x".utf8),
        Array("<a><![CDATA[x]]</a>".utf8),
        Array("<a>&#xD800;</a>".utf8),
        Array("".utf8),
    ]

    @Test func otherDocumentsAreLeftToLibXML2WithItsVerdict() throws {
        let plan = try Self.testPlan()
        var accepted = 0
        for bytes in Self.left where !bytes.isEmpty {
            let name = String(decoding: bytes.prefix(60), as: UTF8.self).debugDescription
            #expect(Self.outcome(bytes, plan, .fastOnly) == "error invalid_xml: \(ElementTreeReaders.leftToLibXML2.message)", "\(name)")
            let libxml2 = Self.outcome(bytes, plan, .libxml2Only)
            #expect(Self.outcome(bytes, plan, .any) == libxml2, "\(name)")
            if !libxml2.hasPrefix("error") { accepted += 1 }
        }
        // The Latin-1, GB2312, UTF-16 and external-DTD documents are fine for libxml2 and read by it.
        #expect(accepted >= 4)
    }

    /// Every shipped XML fixture and real payload is read by the fast reader, into libxml2's tree.
    @Test func shippedDocumentsAreReadFastIntoTheSameTree() throws {
        let repository = ContractTestsTests.repository
        let ubl = try #require(try MappingCompiler.compile(contentsOf: repository + "/mappings/ubl-order.yaml").elementPlan)
        let plans = [ubl, try Self.testPlan()]
        let files = try FileManager.default.subpathsOfDirectory(atPath: repository + "/contract-tests").filter { $0.hasSuffix(".xml") }
        #expect(files.count >= 10)
        var fastCount = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/contract-tests/" + file)))
            for plan in plans {
                let libxml2 = Self.outcome(bytes, plan, .libxml2Only)
                let fast = Self.outcome(bytes, plan, .fastOnly)
                if !fast.hasPrefix("error") {
                    fastCount += 1
                    #expect(fast == libxml2, "\(file)")
                }
                #expect(Self.outcome(bytes, plan, .any) == libxml2, "\(file)")
            }
        }
        // Only fixtures with DOCTYPEs, other encodings or errors may go to libxml2.
        #expect(fastCount >= files.count * 2 * 3 / 4, "\(fastCount) of \(files.count * 2)")
    }

    /// Single-byte damage to a real order: whatever the fast reader keeps, libxml2 keeps too, into the same tree.
    @Test func damagedDocumentsNeverPassTheFastReaderAlone() throws {
        let repository = ContractTestsTests.repository
        let ubl = try #require(try MappingCompiler.compile(contentsOf: repository + "/mappings/ubl-order.yaml").elementPlan)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/contract-tests/ubl-order/oasis-example.input.xml")))
        let alphabet = Array("<>&;/\"'=:!?-[] \r\n\t#xa1".utf8) + [0x00, 0x80, 0xC3, 0xE4, 0xFF]
        var generator = SeededGenerator(seed: 19)
        var kept = 0
        var left = 0
        for _ in 0..<3000 {
            var bytes = original
            let position = Int(generator.next() % UInt64(bytes.count))
            let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            switch generator.next() % 3 {
            case 0: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            default: bytes.remove(at: position)
            }
            let fast = Self.outcome(bytes, ubl, .fastOnly)
            guard !fast.hasPrefix("error") else {
                left += 1
                continue
            }
            kept += 1
            let libxml2 = Self.outcome(bytes, ubl, .libxml2Only)
            #expect(fast == libxml2, "damage at \(position) with byte \(byte)")
        }
        // Damage inside text keeps most documents well-formed; damage in markup breaks many.
        #expect(kept > 300 && left > 300, "kept \(kept), left \(left)")
    }
}
