import CLibXML2
import CanonicalModel

/// A parsed channel payload: a JSON document or an XML document.
enum Payload {
    case json(JSONValue)
    case xml(XMLPayload)

    /// The node selectors start from when a rule has no current item.
    var rootNode: PayloadNode {
        switch self {
        case .json(let value): .json(value)
        case .xml(let document): document.root.map(PayloadNode.xml) ?? .text("")
        }
    }
}

/// One selected piece of a payload.
enum PayloadNode {
    case json(JSONValue)
    case xml(xmlNodePtr)
    /// A value computed by an XPath expression (`count(...)`, `concat(...)`).
    case text(String)

    /// The scalar text of this node: JSON strings, numbers and booleans; XML text content; nil for JSON null,
    /// objects and arrays.
    var text: String? {
        switch self {
        case .json(let value): value.scalarText
        case .xml(let node): XMLPayload.text(of: node)
        case .text(let text): text
        }
    }
}

/// A compiled selector: a JSON path for JSON mappings, an XPath 1.0 expression for XML mappings.
enum Selector: Sendable {
    case json(JSONPath)
    case xpath(CompiledXPath)

    var text: String {
        switch self {
        case .json(let path): path.text
        case .xpath(let xpath): xpath.expression
        }
    }

    /// The nodes selected in `payload` from `current`.
    func select(in payload: Payload, current: PayloadNode, namespaces: [(String, String)]) -> [PayloadNode] {
        switch (self, payload, current) {
        case (.json(let path), .json(let root), .json(let item)):
            return path.select(root: root, current: item).map(PayloadNode.json)
        case (.json(let path), .json(let root), _):
            return path.select(root: root, current: root).map(PayloadNode.json)
        case (.xpath(let xpath), .xml(let document), let node):
            let context: xmlNodePtr? = if case .xml(let element) = node { element } else { nil }
            switch xpath.evaluate(in: document, at: context, namespaces: namespaces) {
            case .nodes(let nodes): return nodes.map(PayloadNode.xml)
            case .text(let text): return [.text(text)]
            }
        default:
            return []
        }
    }
}
