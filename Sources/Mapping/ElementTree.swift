import CXMLElementTree
import CanonicalModel

/// An element of an ``ElementTree``; valid while the tree is (the payload being mapped holds it).
struct ElementRef {
    unowned(unsafe) let tree: ElementTree
    let index: Int32

    /// The XPath string value: all descendant text in document order.
    var stringValue: String { tree.stringValue(of: index) }

    /// Whether ``stringValue`` is not empty.
    var hasStringValue: Bool { tree.hasStringValue(index) }
}

/// An XML payload read in one pass into only the elements a mapping's simple paths can reach (see
/// ``ElementTreePlan``): no DOM, no XPath. The per-element work runs in C (`CXMLElementTree`): a reader of our own for
/// plain UTF-8 documents it can prove well-formed, libxml2's SAX for the rest (other encodings, DOCTYPEs, errors);
/// network access is off and declarations stop the parse.
final class ElementTree {
    private let tree: UnsafeMutablePointer<cg_tree>

    /// Parses `bytes`; errors are those of ``XMLPayload`` (`invalid_xml` with the line, `xml_doctype_not_allowed`).
    init(_ bytes: [UInt8], plan: ElementTreePlan, readers: ElementTreeReaders = .any) throws(PayloadError) {
        guard !bytes.isEmpty else { throw PayloadError(.malformed, code: "empty_body", message: "the request body is empty") }
        try XMLDoctype.check(bytes)
        guard bytes.count < Int(Int32.max), let native = plan.native else {
            throw PayloadError(.malformed, code: "invalid_xml", message: "the document is too large")
        }
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                cg_tree_parse_using(native.pointer, characters.baseAddress, Int32(characters.count), readers.rawValue)
            }
        }
        guard let parsed else { throw PayloadError(.malformed, code: "invalid_xml", message: "out of memory while parsing XML") }
        switch parsed.pointee.status {
        case 0:
            tree = parsed
        case 2:
            cg_tree_free(parsed)
            throw XMLDoctype.declarationsRefused
        case 4:
            let line = Int(parsed.pointee.error_line)
            let name = withUnsafeBytes(of: parsed.pointee.error_message) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            cg_tree_free(parsed)
            throw XMLDoctype.entityReferenceRefused(name, line: line)
        case 5:
            cg_tree_free(parsed)
            throw ElementTreeReaders.leftToLibXML2
        case 1:
            let line = Int(parsed.pointee.error_line)
            let message = withUnsafeBytes(of: parsed.pointee.error_message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }.trimmingASCIIWhitespace
            cg_tree_free(parsed)
            throw PayloadError(.malformed, code: "invalid_xml", message: "\(message) at line \(line)", field: "line \(line)")
        default:
            cg_tree_free(parsed)
            throw PayloadError(.malformed, code: "invalid_xml", message: "out of memory while parsing XML")
        }
    }

    deinit { cg_tree_free(tree) }

    /// Every kept element, attribute and text run in document order, one per line: for tests holding two readers'
    /// trees side by side.
    var structure: String {
        var lines: [String] = []
        let count = Int(tree.pointee.node_count)
        for index in 0..<count {
            let node = tree.pointee.nodes[index]
            var line = "\(index) name=\(node.name) child=\(node.first_child) next=\(node.next_sibling) text=\(stringValue(of: Int32(index)).debugDescription)"
            for offset in 0..<node.attribute_count {
                let attribute = tree.pointee.attributes[Int(node.first_attribute + offset)]
                line += " @\(attribute.name)=\(text(tree.pointee.values, from: attribute.value_start, to: attribute.value_end).debugDescription)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The root element.
    var root: ElementRef? { tree.pointee.node_count > 0 ? ElementRef(tree: self, index: 0) : nil }

    func hasStringValue(_ index: Int32) -> Bool {
        let node = tree.pointee.nodes[Int(index)]
        return node.text_end > node.text_start
    }

    func stringValue(of index: Int32) -> String {
        let node = tree.pointee.nodes[Int(index)]
        return text(tree.pointee.text, from: node.text_start, to: node.text_end)
    }

    private func text(_ buffer: UnsafeMutablePointer<CChar>?, from start: Int32, to end: Int32) -> String {
        guard let buffer, end > start else { return "" }
        return UnsafeRawBufferPointer(start: buffer + Int(start), count: Int(end - start)).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    // MARK: Selecting

    /// The first node `path` selects from `current` (the root element when nil), in document order, without
    /// collecting the others.
    func first(_ path: SimplePath, from current: ElementRef?) -> PayloadNode? {
        guard tree.pointee.node_count > 0, let nodes = tree.pointee.nodes else { return nil }
        let start: Int32
        var step = 0
        if path.absolute {
            guard let first = path.steps.first, nodes[0].name == Int32(first) else { return nil }
            start = 0
            step = 1
        } else {
            start = current?.index ?? 0
        }
        guard let found = firstMatch(below: start, step: step, path: path, nodes: nodes) else { return nil }
        return value(of: found, target: path.target, nodes: nodes)
    }

    /// Depth first: the first element reached by `path.steps[step...]` below `node` (or `node` itself at the end)
    /// whose target has a value.
    private func firstMatch(below node: Int32, step: Int, path: SimplePath, nodes: UnsafeMutablePointer<cg_node>) -> Int32? {
        if step == path.steps.count { return hasValue(node, target: path.target, nodes: nodes) ? node : nil }
        let name = Int32(path.steps[step])
        var child = nodes[Int(node)].first_child
        let predicate = path.predicates[step]
        while child >= 0 {
            if nodes[Int(child)].name == name, predicate.map({ passes(child, $0, nodes: nodes) }) ?? true {
                if let found = firstMatch(below: child, step: step + 1, path: path, nodes: nodes) { return found }
                if path.firstOnly[step] { return nil }
            }
            child = nodes[Int(child)].next_sibling
        }
        return nil
    }

    /// True when a child element of `node` that the predicate names has text equal to one of its literals.
    private func passes(_ node: Int32, _ predicate: SimplePath.Predicate, nodes: UnsafeMutablePointer<cg_node>) -> Bool {
        var child = nodes[Int(node)].first_child
        while child >= 0 {
            let name = nodes[Int(child)].name
            for alternative in predicate.alternatives where Int32(alternative.child) == name {
                if stringValue(of: child) == alternative.literal { return true }
            }
            child = nodes[Int(child)].next_sibling
        }
        return false
    }

    /// Whether ``value(of:target:nodes:)`` finds something, without making its text.
    private func hasValue(_ node: Int32, target: SimplePath.Target, nodes: UnsafeMutablePointer<cg_node>) -> Bool {
        let element = nodes[Int(node)]
        switch target {
        case .element:
            return true
        case .attribute(let name):
            for offset in 0..<element.attribute_count where tree.pointee.attributes[Int(element.first_attribute + offset)].name == Int32(name) {
                return true
            }
            return false
        case .text:
            let end = element.first_child >= 0 ? nodes[Int(element.first_child)].text_start : element.text_end
            return end > element.text_start
        }
    }

    private func value(of node: Int32, target: SimplePath.Target, nodes: UnsafeMutablePointer<cg_node>) -> PayloadNode? {
        let element = nodes[Int(node)]
        switch target {
        case .element:
            return .element(ElementRef(tree: self, index: node))
        case .attribute(let name):
            for offset in 0..<element.attribute_count {
                let attribute = tree.pointee.attributes[Int(element.first_attribute + offset)]
                if attribute.name == Int32(name) { return .text(text(tree.pointee.values, from: attribute.value_start, to: attribute.value_end)) }
            }
            return nil
        case .text:
            // The first text node: the text before the first kept child (or all of it).
            let end = element.first_child >= 0 ? nodes[Int(element.first_child)].text_start : element.text_end
            let value = text(tree.pointee.text, from: element.text_start, to: end)
            return value.isEmpty ? nil : .text(value)
        }
    }

    /// What `path` selects from `current` (the root element when nil).
    func select(_ path: SimplePath, from current: ElementRef?) -> [PayloadNode] {
        let nodes = tree.pointee.nodes!
        var matched: [Int32]
        var index = 0
        if path.absolute {
            guard tree.pointee.node_count > 0, let first = path.steps.first, nodes[0].name == Int32(first) else { return [] }
            matched = [0]
            index = 1
        } else {
            guard let start = current?.index ?? (tree.pointee.node_count > 0 ? 0 : nil) else { return [] }
            matched = [start]
        }
        while index < path.steps.count {
            let step = Int32(path.steps[index])
            let firstOnly = path.firstOnly[index]
            let predicate = path.predicates[index]
            var next: [Int32] = []
            for parent in matched {
                var child = nodes[Int(parent)].first_child
                while child >= 0 {
                    if nodes[Int(child)].name == step, predicate.map({ passes(child, $0, nodes: nodes) }) ?? true {
                        next.append(child)
                        if firstOnly { break }
                    }
                    child = nodes[Int(child)].next_sibling
                }
            }
            if next.isEmpty { return [] }
            matched = next
            index += 1
        }
        return matched.compactMap { value(of: $0, target: path.target, nodes: nodes) }
    }
}
