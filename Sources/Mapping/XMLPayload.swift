import CLibXML2
import CanonicalModel
import Foundation
import Glibc

/// A parsed XML payload, read with network access, DTDs and external entities off.
final class XMLPayload: @unchecked Sendable {
    // Invariant: the document is read-only after parsing and freed once, in deinit; the XPath context is
    // used by one apply at a time (the payload never leaves the apply that parsed it).
    let document: xmlDocPtr
    private var xpathContext: xmlXPathContextPtr?

    /// Parses `bytes` by the ``XMLDoctype`` rule: an external DTD named is never loaded; declarations and entity
    /// references are refused.
    ///
    /// libxml2 reads with network access off and without substituting entities or loading DTDs.
    init(_ bytes: [UInt8]) throws(PayloadError) {
        guard !bytes.isEmpty else { throw PayloadError(.malformed, code: "empty_body", message: "the request body is empty") }
        // Fast refusal of ASCII-compatible documents before any parsing (entity expansion included); other
        // encodings are caught after parsing below.
        try XMLDoctype.check(bytes)
        cxml_silence_errors()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOBLANKS.rawValue)
        guard let context = xmlNewParserCtxt() else {
            throw PayloadError(.malformed, code: "invalid_xml", message: "cannot allocate an XML parser")
        }
        defer { xmlFreeParserCtxt(context) }
        // An entity reference is noted (name and line) instead of becoming a node, so the document is refused.
        var reference = EntityReference()
        context.pointee.sax.pointee.reference = { userData, name in
            guard let userData, let name else { return }
            let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let noted = parser.pointee._private?.assumingMemoryBound(to: EntityReference.self), noted.pointee.name == nil else { return }
            noted.pointee.name = String(cString: name)
            noted.pointee.line = Int(xmlSAX2GetLineNumber(userData))
        }
        let parsed = withUnsafeMutablePointer(to: &reference) { noted in
            context.pointee._private = UnsafeMutableRawPointer(noted)
            defer { context.pointee._private = nil }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        xmlCtxtReadMemory(context, $0, Int32(buffer.count), "payload.xml", nil, options)
                    }
                } ?? nil
            }
        }
        guard let parsed, context.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed XML"
            throw PayloadError(
                .malformed, code: "invalid_xml", message: "\(message) at line \(error.line)", field: "line \(error.line)"
            )
        }
        // Declarations are refused whatever the encoding; a named external DTD is never loaded (`extSubset` stays nil).
        if let subset = parsed.pointee.intSubset, subset.pointee.children != nil || subset.pointee.entities != nil || subset.pointee.pentities != nil {
            xmlFreeDoc(parsed)
            throw XMLDoctype.declarationsRefused
        }
        if parsed.pointee.extSubset != nil {
            xmlFreeDoc(parsed)
            throw XMLDoctype.declarationsRefused
        }
        if let name = reference.name {
            xmlFreeDoc(parsed)
            throw XMLDoctype.entityReferenceRefused(name, line: reference.line)
        }
        document = parsed
    }

    /// The first entity reference the parser met, if any.
    private struct EntityReference {
        var name: String?
        var line = 0
    }

    deinit {
        if let xpathContext { xmlXPathFreeContext(xpathContext) }
        xmlFreeDoc(document)
    }

    /// The document's XPath context with `namespaces` registered, made once per payload and reused.
    func context(namespaces: [(String, String)]) -> xmlXPathContextPtr? {
        if let xpathContext { return xpathContext }
        guard let created = xmlXPathNewContext(document) else { return nil }
        for (prefix, uri) in namespaces { xmlXPathRegisterNs(created, prefix, uri) }
        xpathContext = created
        return created
    }

    /// The root element.
    var root: xmlNodePtr? { xmlDocGetRootElement(document) }

    /// The text content of `node` (element text, attribute value).
    static func text(of node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { cxml_free(content) }
        return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
    }
}

/// An XPath 1.0 expression compiled once, evaluated against many documents.
final class CompiledXPath: @unchecked Sendable {
    // Invariant: the compiled expression is only read after compilation and freed once, in deinit.
    let expression: String
    private let compiled: xmlXPathCompExprPtr
    /// The expression as a simple path, when it is one (an element tree can answer it).
    let simple: SimplePath?

    /// Compiles `expression`; nil with libxml2's complaint when it is not valid XPath.
    init?(_ expression: String, simple: SimplePath? = nil) {
        cxml_silence_errors()
        guard let compiled = xmlXPathCompile(expression) else { return nil }
        self.expression = expression
        self.compiled = compiled
        self.simple = simple
    }

    deinit { xmlXPathFreeCompExpr(compiled) }

    /// The result of evaluating against `node` in `payload`, with `namespaces` (prefix → URI) registered.
    func evaluate(in payload: XMLPayload, at node: xmlNodePtr?, namespaces: [(String, String)]) -> XPathResult {
        guard let context = payload.context(namespaces: namespaces) else { return .nodes([]) }
        context.pointee.node = node ?? payload.root
        guard let object = xmlXPathCompiledEval(compiled, context) else { return .nodes([]) }
        defer { xmlXPathFreeObject(object) }
        switch object.pointee.type {
        case XPATH_NODESET:
            let count = cxml_nodeset_count(object)
            return .nodes((0..<count).compactMap { cxml_nodeset_item(object, Int32($0)) })
        case XPATH_STRING:
            return .text(object.pointee.stringval.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? "")
        case XPATH_NUMBER:
            let number = object.pointee.floatval
            if number.isNaN { return .nodes([]) }
            return .text(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        case XPATH_BOOLEAN:
            return .text(object.pointee.boolval != 0 ? "true" : "false")
        default:
            return .nodes([])
        }
    }
}

/// What an XPath evaluation yields: nodes, or a computed string.
enum XPathResult {
    case nodes([xmlNodePtr])
    case text(String)
}
