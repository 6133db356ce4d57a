import CanonicalModel
import Foundation

/// A JSON path filter step, `[?(@.type == 'bundle')]`: keeps the array items (or object members) for which a
/// comparison of a relative path with a literal holds, or, with no operator, for which the path exists.
///
/// Operators: `==` `!=` `<` `<=` `>` `>=`; literals: 'text', "text", numbers, true, false, null. Numbers compare
/// as decimals; two conditions may be joined by `&&` or `||` (no parentheses, `&&` binds first).
struct JSONPathFilter: Sendable, Equatable {
    enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    struct Comparison: Sendable, Equatable {
        let path: JSONPath
        /// Nil for an existence test.
        let comparison: (Operator, JSONValue)?

        static func == (left: Comparison, right: Comparison) -> Bool {
            left.path == right.path && left.comparison?.0 == right.comparison?.0 && left.comparison?.1 == right.comparison?.1
        }
    }

    /// Alternatives (`||`) of conjunctions (`&&`).
    let alternatives: [[Comparison]]

    /// Compiles the text between `[?(` and `)]`.
    init(_ text: String) throws(MappingSyntaxError) {
        var alternatives: [[Comparison]] = []
        for alternative in try Self.split(text, on: "||") {
            alternatives.append(try Self.split(alternative, on: "&&").map { part throws(MappingSyntaxError) in try Self.comparison(part) })
        }
        self.alternatives = alternatives
    }

    /// True when `item` passes the filter.
    func keeps(_ item: JSONValue) -> Bool {
        alternatives.contains { conjunction in conjunction.allSatisfy { holds($0, for: item) } }
    }

    private func holds(_ comparison: Comparison, for item: JSONValue) -> Bool {
        let found = comparison.path.select(root: item, current: item).first
        guard let (operation, literal) = comparison.comparison else {
            guard let found else { return false }
            return !found.isNull
        }
        let value = found ?? .null
        if let left = Self.number(value), let right = Self.number(literal) {
            switch operation {
            case .equal: return left == right
            case .notEqual: return left != right
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            }
        }
        switch operation {
        case .equal: return value == literal
        case .notEqual: return value != literal
        default:
            guard case .string(let left) = value, case .string(let right) = literal else { return false }
            switch operation {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            default: return left >= right
            }
        }
    }

    private static func number(_ value: JSONValue) -> Decimal? {
        guard case .number(let lexeme) = value else { return nil }
        return Decimal(string: lexeme, locale: DecimalText.posix)
    }

    /// Splits `text` on `separator` outside quoted literals.
    private static func split(_ text: String, on separator: String) throws(MappingSyntaxError) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if text[index...].hasPrefix(separator) {
                parts.append(current)
                current = ""
                index = text.index(index, offsetBy: separator.count)
                continue
            }
            current.append(character)
            index = text.index(after: index)
        }
        guard quote == nil else { throw MappingSyntaxError("unclosed quote in filter [?(\(text))]") }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func comparison(_ text: String) throws(MappingSyntaxError) -> Comparison {
        guard text.hasPrefix("@") else { throw MappingSyntaxError("a filter condition starts with @ (the item): \(text)") }
        // The first operator outside quotes separates the path from the literal.
        var quote: Character?
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                continue
            }
            guard let operation = Operator.allCases.first(where: { text[index...].hasPrefix($0.rawValue) }) else { continue }
            let pathText = text[..<index].trimmingCharacters(in: .whitespaces)
            let literalText = text[text.index(index, offsetBy: operation.rawValue.count)...].trimmingCharacters(in: .whitespaces)
            return Comparison(path: try JSONPath(pathText), comparison: (operation, try literal(literalText, in: text)))
        }
        return Comparison(path: try JSONPath(text.trimmingCharacters(in: .whitespaces)), comparison: nil)
    }

    private static func literal(_ text: String, in condition: String) throws(MappingSyntaxError) -> JSONValue {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            guard Decimal(string: text, locale: DecimalText.posix) != nil, text.first.map({ $0.isNumber || $0 == "-" }) == true else {
                throw MappingSyntaxError("\(text) in filter \(condition) is not a literal: quote text ('bundle'), or write a number, true, false or null")
            }
            return .number(text)
        }
    }
}
