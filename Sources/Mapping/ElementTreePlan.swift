import CXMLElementTree
import Glibc

/// Which elements of an XML payload a mapping can reach, compiled from its simple paths: a trie of name steps from
/// the document (absolute paths) and from the root element (relative paths evaluated at the root). Elements under a
/// `forEach` item or a selected element are kept whole, since relative paths and string values read below them.
struct ElementTreePlan: Sendable {
    struct TrieNode: Sendable {
        var children: [(name: Int, node: Int)] = []
        /// Keep everything below an element that reaches this node.
        var keepsSubtree = false
    }

    /// The plan as the C tree builder reads it; nil when it could not be built (the mapping then keeps the DOM).
    let native: NativeElementPlan?
    /// Trie node of the document (its children are first steps of absolute paths).
    static let documentNode = 0
    /// Trie node of relative paths read from the root element.
    static let rootRelativeNode = 1

    /// The plan for `paths` (each with whether the elements it selects are iterated or read whole).
    init(names: XMLNameTable, paths: [(SimplePath, keepsSubtree: Bool)]) {
        var trie = [TrieNode(), TrieNode()]
        func child(of node: Int, named name: Int) -> Int {
            if let found = trie[node].children.first(where: { $0.name == name }) { return found.node }
            trie.append(TrieNode())
            trie[node].children.append((name, trie.count - 1))
            return trie.count - 1
        }
        for (path, keepsSubtree) in paths {
            var node = path.absolute ? Self.documentNode : Self.rootRelativeNode
            for (index, name) in path.steps.enumerated() {
                node = child(of: node, named: name)
                // A filtered step reads its children's text: keep those children whole.
                for alternative in path.predicates[index]?.alternatives ?? [] {
                    let tested = child(of: node, named: alternative.child)
                    trie[tested].keepsSubtree = true
                }
            }
            // A path ending in an element or its text reads what is below it (or iterates it): keep all of that.
            // Relative paths are also evaluated at forEach items, which are kept whole; nothing more to record.
            if path.target == .element || path.target == .text || keepsSubtree, node > Self.rootRelativeNode {
                trie[node].keepsSubtree = true
            }
        }
        native = NativeElementPlan(names: names.names, trie: trie)
    }
}

/// The C side's copy of an ``ElementTreePlan``, freed with it.
final class NativeElementPlan: @unchecked Sendable {
    // Invariant: built once, then only read (by any number of parses at once), freed once in deinit.
    let pointer: OpaquePointer

    init?(names: [(uri: [UInt8], local: [UInt8])], trie: [ElementTreePlan.TrieNode]) {
        let uris = names.map { strdup(String(decoding: $0.uri, as: UTF8.self)) }
        let locals = names.map { strdup(String(decoding: $0.local, as: UTF8.self)) }
        defer {
            uris.forEach { free($0) }
            locals.forEach { free($0) }
        }
        let keeps = trie.map { UInt8($0.keepsSubtree ? 1 : 0) }
        var from: [Int32] = [], name: [Int32] = [], to: [Int32] = []
        for (index, node) in trie.enumerated() {
            for child in node.children {
                from.append(Int32(index))
                name.append(Int32(child.name))
                to.append(Int32(child.node))
            }
        }
        let uriPointers = uris.map { UnsafePointer($0) }
        let localPointers = locals.map { UnsafePointer($0) }
        guard let plan = cg_plan_new(
            Int32(names.count), uriPointers, localPointers, Int32(trie.count), keeps, Int32(from.count), from, name, to
        ) else { return nil }
        pointer = plan
    }

    deinit { cg_plan_free(pointer) }
}

/// Collects the simple paths of the mapping being compiled; any path that is not simple rules the plan out.
final class XMLPathRegistry: @unchecked Sendable {
    // Invariant: used by one compiler for one mapping, on one thread.
    let names = XMLNameTable()
    private var paths: [(SimplePath, keepsSubtree: Bool)] = []
    private var allSimple = true

    /// Records `expression`; its simple form when it has one.
    func register(_ expression: String, namespaces: [(String, String)], keepsSubtree: Bool) -> SimplePath? {
        guard let path = SimplePath(expression, namespaces: namespaces, names: names) else {
            allSimple = false
            return nil
        }
        paths.append((path, keepsSubtree))
        return path
    }

    /// The element-tree plan, when every path of the mapping is simple.
    func plan() -> ElementTreePlan? {
        guard allSimple, !paths.isEmpty else { return nil }
        let plan = ElementTreePlan(names: names, paths: paths)
        return plan.native == nil ? nil : plan
    }
}
