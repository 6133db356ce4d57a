import Foundation

/// An XPath that is only child steps by name (`/o:Order/cac:OrderLine`, `cbc:ID`, `Phone[1]` for the first), each
/// step optionally filtered by equality of a child's text (`cac:AllowanceCharge[cbc:ChargeIndicator = 'false' or
/// cbc:ChargeIndicator = '0']`), optionally ending in `@name` or `text()`: such paths can be answered from an
/// ``ElementTree`` built in one SAX pass, without libxml2's DOM.
final class SimplePath: Sendable {
    enum Target: Sendable, Equatable {
        case element
        case attribute(Int)
        case text
    }

    /// `[child = 'a' or child = 'b']`: an element passes when the text of one of its `child` elements equals a literal.
    struct Predicate: Sendable {
        /// (name id of the child, literal) pairs, any of which admits the element.
        let alternatives: [(child: Int, literal: String)]
    }

    /// Starts at the document (`/a/b`) rather than at the current node (`a/b`).
    let absolute: Bool
    /// Name ids (in the mapping's ``XMLNameTable``) of the element steps.
    let steps: [Int]
    /// Per step: whether it takes only the first such child (`[1]`).
    let firstOnly: [Bool]
    /// Per step: its child-text filter, if any.
    let predicates: [Predicate?]
    let target: Target

    /// The simple form of `expression`, or nil when it uses anything else (other predicates, axes, functions, `//`,
    /// wildcards, undeclared prefixes).
    init?(_ expression: String, namespaces: [(String, String)], names: XMLNameTable) {
        var text = Substring(expression.trimmingASCIIWhitespace)
        absolute = text.hasPrefix("/")
        if absolute { text = text.dropFirst() }
        guard let parts = Self.steps(of: text), !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        var steps: [Int] = []
        var firstOnly: [Bool] = []
        var predicates: [Predicate?] = []
        var target = Target.element
        for (index, part) in parts.enumerated() {
            let last = index == parts.count - 1
            if last, part == "text()", !steps.isEmpty || !absolute {
                target = .text
            } else if last, part.hasPrefix("@") {
                guard let name = Self.name(part.dropFirst(), namespaces: namespaces) else { return nil }
                target = .attribute(names.id(uri: name.uri, local: name.local))
            } else {
                var step = part
                firstOnly.append(step.hasSuffix("[1]"))
                if step.hasSuffix("[1]") { step = step.dropLast(3) }
                predicates.append(nil)
                if let open = step.firstIndex(of: "["), step.hasSuffix("]") {
                    let condition = step[step.index(after: open)..<step.index(before: step.endIndex)]
                    guard let predicate = Self.predicate(condition, namespaces: namespaces, names: names) else { return nil }
                    predicates[predicates.count - 1] = predicate
                    step = step[..<open]
                }
                guard let name = Self.name(step, namespaces: namespaces) else { return nil }
                steps.append(names.id(uri: name.uri, local: name.local))
            }
        }
        guard !(absolute && steps.isEmpty) else { return nil }
        self.steps = steps
        self.firstOnly = firstOnly
        self.predicates = predicates
        self.target = target
    }

    /// `text` split at the slashes outside brackets and quotes; nil when a bracket or quote is left open.
    private static func steps(of text: Substring) -> [Substring]? {
        var parts: [Substring] = []
        var start = text.startIndex
        var depth = 0
        var quote: Character?
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "[": depth += 1
            case "]": depth -= 1
            case "/" where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
            if depth < 0 { return nil }
        }
        guard depth == 0, quote == nil else { return nil }
        parts.append(text[start...])
        return parts
    }

    /// `child = 'literal' (or child = 'literal')*`, else nil.
    private static func predicate(_ text: Substring, namespaces: [(String, String)], names: XMLNameTable) -> Predicate? {
        var alternatives: [(child: Int, literal: String)] = []
        var rest = text.drop { $0 == " " }
        while true {
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let childText = rest[..<equals].trimmingCharacters(in: .whitespaces)
            guard let child = name(Substring(childText), namespaces: namespaces) else { return nil }
            var value = rest[rest.index(after: equals)...].drop { $0 == " " }
            guard let quote = value.first, quote == "'" || quote == "\"" else { return nil }
            value = value.dropFirst()
            guard let close = value.firstIndex(of: quote) else { return nil }
            alternatives.append((names.id(uri: child.uri, local: child.local), String(value[..<close])))
            rest = value[value.index(after: close)...].drop { $0 == " " }
            if rest.isEmpty { break }
            guard rest.hasPrefix("or ") else { return nil }
            rest = rest.dropFirst(3).drop { $0 == " " }
        }
        return Predicate(alternatives: alternatives)
    }

    /// A QName resolved against the declared prefixes; an unprefixed name has no namespace, as in XPath 1.0.
    private static func name(_ text: Substring, namespaces: [(String, String)]) -> (uri: String, local: String)? {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy(isNCName) else { return nil }
        if pieces.count == 1 { return ("", String(pieces[0])) }
        guard let uri = namespaces.first(where: { $0.0 == pieces[0] })?.1 else { return nil }
        return (uri, String(pieces[1]))
    }

    private static func isNCName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || isLetter(first) || first >= 0x80 else { return false }
        return text.utf8.allSatisfy { byte in
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte >= 0x80
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// The element and attribute names a mapping's simple paths mention, each with a small integer id.
final class XMLNameTable: @unchecked Sendable {
    // Invariant: filled while one compiler compiles one mapping, read-only once the mapping is built.
    private(set) var names: [(uri: [UInt8], local: [UInt8])] = []

    /// The id of a (namespace URI, local name) pair, added when new.
    func id(uri: String, local: String) -> Int {
        let key = (uri: Array(uri.utf8), local: Array(local.utf8))
        if let found = names.firstIndex(where: { $0.uri == key.uri && $0.local == key.local }) { return found }
        names.append(key)
        return names.count - 1
    }
}
