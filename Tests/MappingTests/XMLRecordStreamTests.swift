import CanonicalModel
import Foundation
@testable import Mapping
import Testing

@Suite struct XMLRecordStreamTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/" xmlns:x="urn:extra" MajorVersion="6">
          <Transaction x:kind="sale"><Id>1</Id><Note>a &amp; b &lt;c&gt; "d"</Note><![CDATA[<raw>]]></Transaction>
          <!-- a comment between records -->
          <x:Other>ignored</x:Other>
          <Transaction><Id>2</Id><x:Line Qty="2" Label="&quot;quoted&quot; &amp; tabbed">tea</x:Line></Transaction>
          <Transaction xmlns:y="urn:y?a=1&amp;b=&quot;2&quot;"><y:Id>3</y:Id></Transaction>
        </POSLog>
        """

    /// Feeds `text` in pieces of `size` bytes and returns the records with the stream.
    func split(_ text: String, pieces size: Int, recordName: String = "Transaction", limit: Int = 1 << 20) throws -> ([String], XMLRecordStream) {
        let stream = try XMLRecordStream(recordName: recordName, maxRecordBytes: limit)
        let bytes = Array(text.utf8)
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            records += bytes[offset..<end].withUnsafeBytes { stream.feed($0) }
            offset = end
        }
        records += stream.finish()
        return (records.map { String(decoding: $0, as: UTF8.self) }, stream)
    }

    @Test func recordsAreTheSameWhateverSizeThePiecesArrivedIn() throws {
        let (whole, stream) = try split(Self.document, pieces: 1 << 20)
        #expect(stream.failure == nil)
        #expect(whole.count == 3)
        for size in [1, 3, 17, 256] {
            #expect(try split(Self.document, pieces: size).0 == whole)
        }
    }

    @Test func eachRecordIsAStandaloneDocumentUnderTheRootsNamespaces() throws {
        let records = try split(Self.document, pieces: 64).0
        let first = try #require(records.first)
        #expect(first.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/" xmlns:x="urn:extra" MajorVersion="6"><Transaction x:kind="sale">"#))
        #expect(first.hasSuffix("</Transaction></POSLog>"))
        // Text comes out escaped again, CDATA as text; libxml2 hands attribute ampersands over as `&#38;`.
        #expect(first.contains(#"<Note>a &amp; b &lt;c&gt; "d"</Note>&lt;raw&gt;"#))
        #expect(records[1].contains(#"<x:Line Qty="2" Label="&quot;quoted&quot; &#38; tabbed">tea</x:Line>"#))
        #expect(records[2].contains(#"<Transaction xmlns:y="urn:y?a=1&#38;b=&quot;2&quot;"><y:Id>3</y:Id></Transaction>"#))
        // Every record parses on its own as a whole document.
        for record in records {
            #expect(throws: Never.self) { _ = try XMLPayload(Array(record.utf8)) }
        }
    }

    @Test func aRecordIsReturnedAsSoonAsItsEndTagArrives() throws {
        let stream = try XMLRecordStream(recordName: "Transaction", maxRecordBytes: 1 << 20)
        let head = Array("<POSLog><Transaction><Id>1</Id></Transaction><Transaction><Id>".utf8)
        let firstRecords = head.withUnsafeBytes { stream.feed($0) }
        #expect(firstRecords.count == 1)
        #expect(stream.count == 1)
        let rest = Array("2</Id></Transaction></POSLog>".utf8)
        #expect(rest.withUnsafeBytes { stream.feed($0) }.count == 1)
        #expect(stream.finish().isEmpty)
        #expect(stream.failure == nil)
    }

    @Test func aBrokenDocumentKeepsTheRecordsBeforeTheFaultAndNamesTheLine() throws {
        let broken = "<POSLog>\n<Transaction><Id>1</Id></Transaction>\n<Transaction><Id>2</Id></Transaction>\n<Transaction><Id>3</Wrong></Transaction>\n</POSLog>"
        let (records, stream) = try split(broken, pieces: 10)
        #expect(records.count == 2)
        #expect(stream.failure?.code == "invalid_xml")
        #expect(stream.failure?.field == "line 4")
        let truncated = try split("<POSLog><Transaction><Id>1</Id></Transaction><Transaction><Id>", pieces: 8)
        #expect(truncated.0.count == 1)
        #expect(truncated.1.failure?.code == "invalid_xml")
    }

    @Test func aDoctypeStopsTheParseBeforeAnyEntityIsDeclared() throws {
        let attack = #"<?xml version="1.0"?><!DOCTYPE POSLog [<!ENTITY e SYSTEM "file:///etc/passwd">]><POSLog><Transaction>&e;</Transaction></POSLog>"#
        for size in [5, 4096] {
            let (records, stream) = try split(attack, pieces: size)
            #expect(records.isEmpty)
            #expect(stream.failure?.code == "xml_doctype_not_allowed")
        }
    }

    @Test func anExternalDTDIsNamedButNeverLoadedAndReferencesStopTheStream() throws {
        let named = #"<?xml version="1.0"?><!DOCTYPE POSLog SYSTEM "file:///etc/passwd"><POSLog><Transaction><Id>1</Id></Transaction></POSLog>"#
        for size in [5, 4096] {
            let (records, stream) = try split(named, pieces: size)
            #expect(records.count == 1)
            #expect(stream.failure == nil)
        }
        let referenced = #"<?xml version="1.0"?><!DOCTYPE POSLog SYSTEM "poslog.dtd"><POSLog><Transaction><Id>&e;</Id></Transaction></POSLog>"#
        let (records, stream) = try split(referenced, pieces: 4096)
        #expect(records.isEmpty)
        #expect(stream.failure?.code == "invalid_xml")
    }

    @Test func anEmptyBodyAndAnOversizedRecordAreNamed() throws {
        let stream = try XMLRecordStream(recordName: "Transaction", maxRecordBytes: 100)
        #expect(stream.finish().isEmpty)
        #expect(stream.failure?.code == "empty_body")
        let long = "<POSLog><Transaction><Id>1</Id></Transaction><Transaction>" + String(repeating: "<Line>x</Line>", count: 50) + "</Transaction></POSLog>"
        let (records, oversized) = try split(long, pieces: 32, limit: 100)
        #expect(records.count == 1)
        #expect(oversized.failure?.code == "record_too_large")
    }
}

