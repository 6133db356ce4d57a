import CLibXML2
import CanonicalModel
import Foundation

/// The XML acknowledgement a legacy sender expects back, written in the request's own character encoding.
public enum Acknowledgement: String, Sendable {
    /// Yonyou U8 EAI: `<ufinterface …><item key=… succeed="0|1" dsc=…/></ufinterface>`.
    case ufinterface
    /// cXML: `<cXML><Response><Status code="200|201|4xx" text=…/></Response></cXML>` naming the request's payloadID.
    case cxml
    /// OASIS UBL 2.1 OrderResponseSimple with AcceptedIndicator and the order reference.
    case ublOrderResponse = "ubl-order-response"

    /// What happened to the message being acknowledged.
    public enum Outcome: Sendable {
        /// Stored: its events are committed (or, for `deadLettered`, the message is kept to be fixed and replayed).
        case accepted(channelOrderIds: [String])
        case deadLettered(code: String, message: String)
        case rejected(status: Int, code: String, message: String)
    }

    /// The acknowledgement document for `request` (the bytes as received), encoded like the request.
    public func render(for request: [UInt8], outcome: Outcome, at time: Date = Date()) -> (body: [UInt8], encoding: String) {
        cxml_silence_errors()
        let source = try? XMLPayload(request)
        let encoding = source.flatMap { $0.document.pointee.encoding }.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? "UTF-8"
        func value(_ xpath: String) -> String? {
            guard let source, let compiled = Self.expressions[xpath] else { return nil }
            switch compiled.evaluate(in: source, at: nil, namespaces: Self.namespaces) {
            case .nodes(let nodes): return nodes.first.map(XMLPayload.text(of:))
            case .text(let text): return text.isEmpty ? nil : text
            }
        }
        guard let document = xmlNewDoc("1.0") else { return (Array("<error/>".utf8), "UTF-8") }
        defer { xmlFreeDoc(document) }
        switch self {
        case .ufinterface:
            let root = Self.element(document, nil, "ufinterface")
            for attribute in ["roottag", "billtype", "docid", "proc"] {
                if let text = value("/ufinterface/@\(attribute)") { Self.attribute(root, attribute, text) }
            }
            Self.attribute(root, "receiver", value("/ufinterface/@sender") ?? "")
            Self.attribute(root, "sender", "channelgate")
            let item = Self.element(document, root, "item")
            Self.attribute(item, "key", value("/ufinterface/*/header/csocode") ?? value("/ufinterface/@docid") ?? "")
            switch outcome {
            case .accepted:
                Self.attribute(item, "succeed", "0")
                Self.attribute(item, "dsc", "accepted")
            case .deadLettered(let code, let message):
                Self.attribute(item, "succeed", "0")
                Self.attribute(item, "dsc", "accepted for review: \(code): \(message)")
            case .rejected(_, let code, let message):
                Self.attribute(item, "succeed", "1")
                Self.attribute(item, "dsc", "\(code): \(message)")
            }
            Self.attribute(item, "proc", value("/ufinterface/@proc") ?? "")
        case .cxml:
            let root = Self.element(document, nil, "cXML")
            let requestId = value("/cXML/@payloadID") ?? ""
            Self.attribute(root, "payloadID", requestId.isEmpty ? "channelgate-\(UUID().uuidString.lowercased())" : requestId + ".response")
            Self.attribute(root, "timestamp", Timestamp.format(time))
            let response = Self.element(document, root, "Response")
            let status = Self.element(document, response, "Status")
            switch outcome {
            case .accepted(let ids):
                Self.attribute(status, "code", "200")
                Self.attribute(status, "text", "OK")
                Self.text(status, "Accepted \(ids.joined(separator: ", ")) (payloadID \(requestId))")
            case .deadLettered(let code, let message):
                Self.attribute(status, "code", "201")
                Self.attribute(status, "text", "Accepted")
                Self.text(status, "Kept for review (payloadID \(requestId)): \(code): \(message)")
            case .rejected(let httpStatus, let code, let message):
                Self.attribute(status, "code", httpStatus >= 500 ? "500" : "400")
                Self.attribute(status, "text", code)
                Self.text(status, "\(message) (payloadID \(requestId))")
            }
        case .ublOrderResponse:
            let root = Self.element(document, nil, "OrderResponseSimple")
            let ns = xmlNewNs(root, "urn:oasis:names:specification:ubl:schema:xsd:OrderResponseSimple-2", nil)
            xmlSetNs(root, ns)
            let cbc = xmlNewNs(root, "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc")
            let cac = xmlNewNs(root, "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac")
            xmlNewChild(root, cbc, "UBLVersionID", "2.1")
            xmlNewTextChild(root, cbc, "ID", "channelgate-\(UUID().uuidString.lowercased())")
            xmlNewTextChild(root, cbc, "IssueDate", String(Timestamp.format(time).prefix(10)))
            let accepted: Bool
            let note: String
            switch outcome {
            case .accepted: (accepted, note) = (true, "accepted")
            case .deadLettered(let code, let message): (accepted, note) = (true, "accepted for review: \(code): \(message)")
            case .rejected(_, let code, let message): (accepted, note) = (false, "\(code): \(message)")
            }
            xmlNewTextChild(root, cbc, "Note", note)
            xmlNewChild(root, cbc, "AcceptedIndicator", accepted ? "true" : "false")
            let reference = xmlNewChild(root, cac, "OrderReference", nil)
            xmlNewTextChild(reference, cbc, "ID", value("/*/cbc:ID") ?? "")
        }
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(document, &buffer, &size, encoding, 1)
        guard let buffer, size > 0 else {
            // The request's encoding cannot be written: answer in UTF-8 instead.
            xmlDocDumpFormatMemoryEnc(document, &buffer, &size, "UTF-8", 1)
            defer { if let buffer { cxml_free(buffer) } }
            return (buffer.map { Array(UnsafeBufferPointer(start: $0, count: Int(size))) } ?? [], "UTF-8")
        }
        defer { cxml_free(buffer) }
        return (Array(UnsafeBufferPointer(start: buffer, count: Int(size))), encoding)
    }

    /// Every XPath the acknowledgements read from requests, compiled once.
    static let expressions: [String: CompiledXPath] = {
        let texts = [
            "/ufinterface/@roottag", "/ufinterface/@billtype", "/ufinterface/@docid", "/ufinterface/@proc", "/ufinterface/@sender",
            "/ufinterface/*/header/csocode", "/cXML/@payloadID", "/*/cbc:ID",
        ]
        var compiled: [String: CompiledXPath] = [:]
        for text in texts { compiled[text] = CompiledXPath(text) }
        return compiled
    }()

    static let namespaces = [("cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2")]

    @discardableResult
    private static func element(_ document: xmlDocPtr, _ parent: xmlNodePtr?, _ name: String) -> xmlNodePtr? {
        if let parent { return xmlNewChild(parent, nil, name, nil) }
        let node = xmlNewDocNode(document, nil, name, nil)
        xmlDocSetRootElement(document, node)
        return node
    }

    private static func attribute(_ node: xmlNodePtr?, _ name: String, _ value: String) {
        xmlSetProp(node, name, value)
    }

    private static func text(_ node: xmlNodePtr?, _ content: String) {
        xmlNodeAddContent(node, content)
    }
}
