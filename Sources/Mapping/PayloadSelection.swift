import CLibXML2
import CanonicalModel

/// A parsed channel payload: a JSON document, an XML document, or the parts of an XML document a mapping's
/// simple paths can reach.
enum Payload {
    case json(JSONValue)
    case xml(XMLPayload)
    case elements(ElementTree)

    /// The node selectors start from when a rule has no current item.
    var rootNode: PayloadNode {
        switch self {
        case .json(let value): .json(value)
        case .xml(let document): document.root.map(PayloadNode.xml) ?? .text("")
        case .elements(let tree): tree.root.map(PayloadNode.element) ?? .text("")
        }
    }
}

/// One selected piece of a payload.
enum PayloadNode {
    case json(JSONValue)
    case xml(xmlNodePtr)
    case element(ElementRef)
    /// A value computed by an XPath expression (`count(...)`, `concat(...)`).
    case text(String)

    /// Whether ``text`` is present and not empty, without making it for element-tree nodes.
    var hasText: Bool {
        if case .element(let element) = self { return element.hasStringValue }
        return text.map { !$0.isEmpty } ?? false
    }

    /// The scalar text of this node: JSON strings, numbers and booleans; XML text content; nil for JSON null,
    /// objects and arrays.
    var text: String? {
        switch self {
        case .json(let value): value.scalarText
        case .xml(let node): XMLPayload.text(of: node)
        case .element(let element): element.stringValue
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

    /// The first node selected in `payload` from `current`, in document order.
    func first(in payload: Payload, current: PayloadNode, namespaces: [(String, String)]) -> PayloadNode? {
        // A JSON path of member and index steps is walked to its one value, without arrays in between.
        if case .json(let path) = self, case .json(let root) = payload, !path.selectsSeveral {
            let item: JSONValue = if case .json(let item) = current { item } else { root }
            return path.single(root: root, current: item).map(PayloadNode.json)
        }
        // Element trees answer simple paths directly (matched one level at a time: no tuple of copies).
        if case .xpath(let xpath) = self, let path = xpath.simple, case .elements(let tree) = payload {
            let element: ElementRef? = if case .element(let element) = current { element } else { nil }
            return tree.first(path, from: element)
        }
        return select(in: payload, current: current, namespaces: namespaces).first
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
        case (.xpath(let xpath), .elements(let tree), let node):
            // Element trees are only built for mappings whose every path is simple.
            guard let path = xpath.simple else { return [] }
            let current: ElementRef? = if case .element(let element) = node { element } else { nil }
            return tree.select(path, from: current)
        default:
            return []
        }
    }
}
