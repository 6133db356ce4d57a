import Foundation
import Yams

/// Typed reading of one YAML mapping's fields, with errors that point at the offending node.
struct YAMLFields {
    let file: String
    let node: Node
    private let entries: [(key: String, value: Node, keyNode: Node)]

    /// Wraps a node that must be a mapping.
    init(_ node: Node, file: String, what: String) throws {
        self.file = file
        self.node = node
        guard let mapping = node.mapping else {
            throw YAMLFields.error(file: file, at: node, "\(what) must be a mapping")
        }
        var entries: [(key: String, value: Node, keyNode: Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw YAMLFields.error(file: file, at: key, "keys of \(what) must be strings")
            }
            if entries.contains(where: { $0.key == name }) {
                throw YAMLFields.error(file: file, at: key, "duplicate key '\(name)'")
            }
            entries.append((name, value, key))
        }
        self.entries = entries
    }

    /// Builds an error at a node's position.
    static func error(file: String, at node: Node?, _ message: String) -> RoutingLoadError {
        RoutingLoadError(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, message: message)
    }

    /// An error at this mapping's position.
    func error(_ message: String) -> RoutingLoadError {
        YAMLFields.error(file: file, at: node, message)
    }

    /// Throws for the first key not in `allowed`, naming the allowed keys.
    func rejectUnknownKeys(_ allowed: Set<String>, in what: String) throws {
        for entry in entries where !allowed.contains(entry.key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw YAMLFields.error(file: file, at: entry.keyNode, "unknown key '\(entry.key)' in \(what) (known: \(known))")
        }
    }

    /// The raw value node under a key, if present and not null.
    func value(_ key: String) -> Node? {
        guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
        if value.null != nil { return nil }
        return value
    }

    /// A string field; nil when absent.
    func optionalString(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let scalar = value.scalar else { throw YAMLFields.error(file: file, at: value, "'\(key)' must be a text value") }
        return scalar.string
    }

    /// A string field that must be present and non-empty.
    func string(_ key: String) throws -> String {
        guard let text = try optionalString(key), !text.isEmpty else { throw error("missing '\(key)'") }
        return text
    }

    /// An integer field; nil when absent.
    func optionalInt(_ key: String, minimum: Int? = nil) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard value.scalar != nil, let number = value.int else {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be a whole number, got '\(value.string ?? "?")'")
        }
        if let minimum, number < minimum {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be at least \(minimum), got \(number)")
        }
        return number
    }

    /// An integer field that must be present.
    func int(_ key: String, minimum: Int? = nil) throws -> Int {
        guard let number = try optionalInt(key, minimum: minimum) else { throw error("missing '\(key)'") }
        return number
    }

    /// A decimal field; nil when absent.
    func optionalDouble(_ key: String, minimum: Double? = nil, maximum: Double? = nil) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard value.scalar != nil, let number = value.float ?? value.int.map(Double.init), number.isFinite else {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be a number, got '\(value.string ?? "?")'")
        }
        if let minimum, number < minimum {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be at least \(minimum), got \(number)")
        }
        if let maximum, number > maximum {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be at most \(maximum), got \(number)")
        }
        return number
    }

    /// A decimal field that must be present.
    func double(_ key: String, minimum: Double? = nil, maximum: Double? = nil) throws -> Double {
        guard let number = try optionalDouble(key, minimum: minimum, maximum: maximum) else { throw error("missing '\(key)'") }
        return number
    }

    /// A boolean field; nil when absent.
    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard value.scalar != nil, let flag = value.bool else {
            throw YAMLFields.error(file: file, at: value, "'\(key)' must be true or false, got '\(value.string ?? "?")'")
        }
        return flag
    }

    /// A field whose text must be one of an enum's raw values.
    func optionalEnum<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try optionalString(key) else { return nil }
        guard let parsed = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw YAMLFields.error(file: file, at: value(key), "'\(key)' must be one of \(allowed), got '\(text)'")
        }
        return parsed
    }

    /// The items of a sequence field; empty when absent.
    func sequence(_ key: String) throws -> [Node] {
        guard let value = value(key) else { return [] }
        guard let items = value.sequence else { throw YAMLFields.error(file: file, at: value, "'\(key)' must be a list") }
        return Array(items)
    }

    /// A string or a list of strings; nil when absent.
    func optionalStringList(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        if let items = value.sequence {
            return try items.map { item in
                guard let text = item.scalar?.string else {
                    throw YAMLFields.error(file: file, at: item, "items of '\(key)' must be text values")
                }
                return text
            }
        }
        guard let scalar = value.scalar else { throw YAMLFields.error(file: file, at: value, "'\(key)' must be text or a list") }
        return [scalar.string]
    }

    /// A nested mapping field; nil when absent.
    func optionalFields(_ key: String) throws -> YAMLFields? {
        guard let value = value(key) else { return nil }
        return try YAMLFields(value, file: file, what: "'\(key)'")
    }

    /// Every key with its value and key node, in file order.
    var allEntries: [(key: String, value: Node, keyNode: Node)] { entries }
}

extension YAMLFields {
    /// Parses YAML text to its root node, turning syntax errors into positioned errors.
    static func root(of text: String, file: String, what: String) throws -> Node {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw RoutingLoadError(file: file, line: 1, column: 1, message: "\(what) is empty")
            }
            return root
        } catch let error as YamlError {
            throw loadError(error, file: file)
        }
    }

    /// A Yams syntax error as a positioned load error.
    static func loadError(_ error: YamlError, file: String) -> RoutingLoadError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return RoutingLoadError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)\(detail)")
        default:
            return RoutingLoadError(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }
}
