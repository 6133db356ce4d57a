import CLibXML2
import CanonicalModel

/// Splits an XML batch (a POSLog with many `<Transaction>`s) into records while its bytes are still arriving:
/// libxml2's push parser reads each chunk with SAX callbacks, and only the record being read is held. Every record
/// comes out as a standalone UTF-8 document wrapped in a copy of the root's start tag, so the root's namespaces and
/// attributes still apply. A DOCTYPE stops the parse (no DTDs, no entities, no network).
public final class XMLRecordStream {
    private var parser: xmlParserCtxtPtr?
    private let recordName: [UInt8]
    private let maxRecordBytes: Int
    private var depth = 0
    private var rootStart: [UInt8] = []
    private var rootEnd: [UInt8] = []
    private var record: [UInt8] = []
    private var inRecord = false
    private var completed: [[UInt8]] = []
    private var bytesFed = 0
    /// Records completed so far.
    public private(set) var count = 0
    /// Why the document stopped being readable; records completed before it are still returned.
    public private(set) var failure: PayloadError?

    /// Prepares a stream yielding the children of the root whose local name is `recordName`, each at most
    /// `maxRecordBytes` long once serialised.
    public init(recordName: String, maxRecordBytes: Int) throws(PayloadError) {
        self.recordName = Array(recordName.utf8)
        self.maxRecordBytes = maxRecordBytes
        cxml_silence_errors()
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, prefix, _, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let context, let localName else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().startElement(
                localName: localName, prefix: prefix, namespaceCount: Int(namespaceCount), namespaces: namespaces,
                attributeCount: Int(attributeCount), attributes: attributes
            )
        }
        handler.endElementNs = { context, localName, prefix, _ in
            guard let context, let localName else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().endElement(localName: localName, prefix: prefix)
        }
        handler.characters = { context, characters, length in
            guard let context, let characters else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().text(characters, length: Int(length))
        }
        handler.ignorableWhitespace = handler.characters
        // A DOCTYPE naming an external DTD is read past (the DTD is never loaded); declarations and references stop it.
        handler.entityDecl = { context, _, _, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseDoctype()
        }
        handler.elementDecl = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseDoctype()
        }
        handler.attributeDecl = { context, _, _, _, _, _, tree in
            if let tree { xmlFreeEnumeration(tree) }
            guard let context else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseDoctype()
        }
        handler.notationDecl = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseDoctype()
        }
        handler.unparsedEntityDecl = { context, _, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseDoctype()
        }
        handler.reference = { context, name in
            guard let context, let name else { return }
            Unmanaged<XMLRecordStream>.fromOpaque(context).takeUnretainedValue().refuseReference(String(cString: name))
        }
        handler.serror = { _, _ in }
        guard let parser = xmlCreatePushParserCtxt(&handler, nil, nil, 0, "batch.xml") else {
            throw PayloadError(.malformed, code: "invalid_xml", message: "cannot start an XML parser")
        }
        _ = xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        self.parser = parser
        parser.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        if let parser { xmlFreeParserCtxt(parser) }
    }

    /// Reads the next piece of the document and returns the records it completed.
    public func feed(_ bytes: UnsafeRawBufferPointer) -> [[UInt8]] {
        guard failure == nil, let parser, let base = bytes.baseAddress, !bytes.isEmpty else { return takeCompleted() }
        bytesFed += bytes.count
        var offset = 0
        // xmlParseChunk takes an Int32 length: hand over very large pieces in slices.
        while offset < bytes.count, failure == nil {
            let length = min(bytes.count - offset, 1 << 24)
            let status = xmlParseChunk(parser, base.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(length), 0)
            if status != 0, failure == nil { failure = parseFailure() }
            offset += length
        }
        return takeCompleted()
    }

    /// Ends the document and returns the records its last piece completed.
    public func finish() -> [[UInt8]] {
        guard failure == nil, let parser else { return takeCompleted() }
        if bytesFed == 0 {
            failure = PayloadError(.malformed, code: "empty_body", message: "the request body is empty")
            return []
        }
        if xmlParseChunk(parser, nil, 0, 1) != 0, failure == nil { failure = parseFailure() }
        return takeCompleted()
    }

    private func takeCompleted() -> [[UInt8]] {
        defer { completed.removeAll(keepingCapacity: true) }
        return completed
    }

    // MARK: SAX events

    private func startElement(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        defer { depth += 1 }
        if depth == 0 {
            var tag: [UInt8] = []
            Self.appendStartTag(to: &tag, localName: localName, prefix: prefix, namespaceCount: namespaceCount, namespaces: namespaces, attributeCount: attributeCount, attributes: attributes)
            rootStart = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + tag
            rootEnd = Self.endTag(localName: localName, prefix: prefix)
            return
        }
        if depth == 1, !inRecord, Self.equals(localName, recordName) {
            inRecord = true
            record = rootStart
        }
        guard inRecord else { return }
        Self.appendStartTag(to: &record, localName: localName, prefix: prefix, namespaceCount: namespaceCount, namespaces: namespaces, attributeCount: attributeCount, attributes: attributes)
        checkRecordSize()
    }

    private func endElement(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?) {
        depth -= 1
        guard inRecord else { return }
        record += Self.endTag(localName: localName, prefix: prefix)
        if depth == 1 {
            record += rootEnd
            completed.append(record)
            record = []
            inRecord = false
            count += 1
        }
    }

    private func text(_ characters: UnsafePointer<xmlChar>, length: Int) {
        guard inRecord else { return }
        Self.appendEscaped(to: &record, UnsafeBufferPointer(start: characters, count: length), quote: false)
        checkRecordSize()
    }

    private func refuseDoctype() {
        fail(XMLDoctype.declarationsRefused)
    }

    private func refuseReference(_ name: String) {
        fail(XMLDoctype.entityReferenceRefused(name, line: parser.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0))
    }

    private func checkRecordSize() {
        guard record.count > maxRecordBytes else { return }
        fail(PayloadError(
            .malformed, code: "record_too_large", message: "record \(count + 1) is longer than \(maxRecordBytes) bytes",
            field: "line \(parser.map { xmlSAX2GetLineNumber($0) } ?? 0)"
        ))
    }

    private func fail(_ error: PayloadError) {
        guard failure == nil else { return }
        failure = error
        inRecord = false
        record = []
        if let parser { xmlStopParser(parser) }
    }

    private func parseFailure() -> PayloadError {
        let error = parser.flatMap { xmlCtxtGetLastError($0) }
        let line = Int(error?.pointee.line ?? 0)
        let message = error?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed XML"
        return PayloadError(.malformed, code: "invalid_xml", message: "\(message) at line \(line)", field: "line \(line)")
    }

    // MARK: Serialising

    private static func appendStartTag(
        to output: inout [UInt8], localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        output.append(UInt8(ascii: "<"))
        appendQualifiedName(to: &output, localName: localName, prefix: prefix)
        if let namespaces {
            for index in 0..<namespaceCount {
                // Pairs of (prefix, URI); a nil prefix is the default namespace.
                output += Array(" xmlns".utf8)
                if let namespacePrefix = namespaces[2 * index] {
                    output.append(UInt8(ascii: ":"))
                    appendCString(to: &output, namespacePrefix)
                }
                output += Array("=\"".utf8)
                if let uri = namespaces[2 * index + 1] {
                    appendEscaped(to: &output, UnsafeBufferPointer(start: uri, count: strlen(uri)), quote: true)
                }
                output.append(UInt8(ascii: "\""))
            }
        }
        if let attributes {
            for index in 0..<attributeCount {
                // Five pointers each: local name, prefix, URI, value start, value end.
                let item = attributes + 5 * index
                guard let name = item[0], let start = item[3], let end = item[4] else { continue }
                output.append(UInt8(ascii: " "))
                appendQualifiedName(to: &output, localName: name, prefix: item[1])
                output += Array("=\"".utf8)
                appendEscaped(to: &output, UnsafeBufferPointer(start: start, count: end - start), quote: true)
                output.append(UInt8(ascii: "\""))
            }
        }
        output.append(UInt8(ascii: ">"))
    }

    private static func endTag(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "<"), UInt8(ascii: "/")]
        appendQualifiedName(to: &output, localName: localName, prefix: prefix)
        output.append(UInt8(ascii: ">"))
        return output
    }

    private static func appendQualifiedName(to output: inout [UInt8], localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?) {
        if let prefix {
            appendCString(to: &output, prefix)
            output.append(UInt8(ascii: ":"))
        }
        appendCString(to: &output, localName)
    }

    private static func appendCString(to output: inout [UInt8], _ text: UnsafePointer<xmlChar>) {
        output.append(contentsOf: UnsafeBufferPointer(start: text, count: strlen(text)))
    }

    private static func appendEscaped(to output: inout [UInt8], _ text: UnsafeBufferPointer<xmlChar>, quote: Bool) {
        for byte in text {
            switch byte {
            // Attribute values keep their ampersands as references (`&#38;`) while entities are not substituted.
            case UInt8(ascii: "&") where !quote: output += Array("&amp;".utf8)
            case UInt8(ascii: "<"): output += Array("&lt;".utf8)
            case UInt8(ascii: ">"): output += Array("&gt;".utf8)
            case UInt8(ascii: "\"") where quote: output += Array("&quot;".utf8)
            case 0x0D: output += Array("&#13;".utf8)
            case 0x09 where quote: output += Array("&#9;".utf8)
            case 0x0A where quote: output += Array("&#10;".utf8)
            default: output.append(byte)
            }
        }
    }

    private static func equals(_ text: UnsafePointer<xmlChar>, _ expected: [UInt8]) -> Bool {
        var index = 0
        while index < expected.count {
            guard text[index] == expected[index] else { return false }
            index += 1
        }
        return text[index] == 0
    }

    private static func strlen(_ text: UnsafePointer<xmlChar>) -> Int {
        var length = 0
        while text[length] != 0 { length += 1 }
        return length
    }
}
