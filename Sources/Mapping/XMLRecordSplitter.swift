import CLibXML2
import CanonicalModel

/// Reads an XML batch (a POSLog with many `<Transaction>`s) one record at a time with libxml2's streaming reader:
/// only the current record is expanded, never the whole tree. Each record comes out as a standalone UTF-8 document
/// wrapped in a copy of the root's start tag, so namespaces and root attributes still apply. A DOCTYPE is refused.
public final class XMLRecordSplitter {
    private let buffer: UnsafeMutableBufferPointer<CChar>
    private let reader: xmlTextReaderPtr
    private let recordName: String
    private var rootName = ""
    private var rootStart = ""
    private var status: Int32
    /// Records read so far.
    public private(set) var count = 0

    /// Starts reading `bytes`, yielding children of the root whose local name is `recordName`.
    public init(_ bytes: [UInt8], recordName: String) throws(PayloadError) {
        guard !bytes.isEmpty else { throw PayloadError(.malformed, code: "empty_body", message: "the request body is empty") }
        if XMLPayload.mentionsDoctype(bytes) { throw XMLPayload.doctypeRefused }
        cxml_silence_errors()
        let copy = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count)
        for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard let base = copy.baseAddress, let reader = xmlReaderForMemory(base, Int32(bytes.count), "batch.xml", nil, options) else {
            copy.deallocate()
            throw PayloadError(.malformed, code: "invalid_xml", message: "cannot start an XML reader")
        }
        buffer = copy
        self.reader = reader
        self.recordName = recordName
        status = xmlTextReaderRead(reader)
    }

    deinit {
        xmlFreeTextReader(reader)
        buffer.deallocate()
    }

    /// The next record as a document, or nil at the end.
    public func next() throws(PayloadError) -> [UInt8]? {
        while status == 1 {
            let type = xmlTextReaderNodeType(reader)
            if type == 10 { throw XMLPayload.doctypeRefused }
            let depth = xmlTextReaderDepth(reader)
            if type == 1, depth == 0 {
                rootName = Self.text(xmlTextReaderConstName(reader))
                rootStart = "<" + rootName
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    rootStart += " " + Self.text(xmlTextReaderConstName(reader)) + "=\"" + Self.escaped(Self.text(xmlTextReaderConstValue(reader))) + "\""
                }
                _ = xmlTextReaderMoveToElement(reader)
                rootStart += ">"
            } else if type == 1, depth == 1, Self.text(xmlTextReaderConstLocalName(reader)) == recordName {
                guard let outer = xmlTextReaderReadOuterXml(reader) else { throw failure() }
                let body = String(cString: outer)
                cxml_free(outer)
                status = xmlTextReaderNext(reader)
                count += 1
                return Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + rootStart + body + "</" + rootName + ">").utf8)
            }
            status = xmlTextReaderRead(reader)
        }
        guard status == 0 else { throw failure() }
        return nil
    }

    private func failure() -> PayloadError {
        let line = xmlTextReaderGetParserLineNumber(reader)
        let message = xmlGetLastError().flatMap { $0.pointee.message }.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return PayloadError(.malformed, code: "invalid_xml", message: "\(message ?? "not well-formed XML") at line \(line)", field: "line \(line)")
    }

    private static func text(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
