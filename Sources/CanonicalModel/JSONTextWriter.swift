import Foundation

/// Builds compact JSON text directly, keys in the order written; faster than `JSONEncoder` on the ingest path.
public struct JSONTextWriter {
    public private(set) var text = ""
    private var needsComma = [false]

    public init(capacity: Int = 1024) {
        text.reserveCapacity(capacity)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ name: String) {
        separator()
        text += JSONString.quoted(name)
        text += ":"
    }

    /// Opens an object, as a member named `name` or as a bare value.
    public mutating func beginObject(_ name: String? = nil) {
        if let name { key(name) } else { separator() }
        text += "{"
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        text += "}"
    }

    public mutating func beginArray(_ name: String) {
        key(name)
        text += "["
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        text += "]"
    }

    public mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        text += JSONString.quoted(value)
    }

    /// A string element of the current array.
    public mutating func element(_ value: String) {
        separator()
        text += JSONString.quoted(value)
    }

    public mutating func integer(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        text += String(value)
    }

    public mutating func double(_ name: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        key(name)
        text += "\(value)"
    }

    public mutating func bool(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        text += value ? "true" : "false"
    }

    public mutating func date(_ name: String, _ value: Date?) {
        guard let value else { return }
        key(name)
        text += "\""
        text += Timestamp.format(value)
        text += "\""
    }

    /// Writes already-encoded JSON text as the member `name`.
    public mutating func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    public mutating func value(_ name: String, _ value: JSONValue?) {
        guard let value else { return }
        key(name)
        Self.append(value, to: &text)
    }

    /// Appends `value` as JSON, object members sorted by key so equal values give equal text.
    static func append(_ value: JSONValue, to text: inout String) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let lexeme): text += lexeme
        case .string(let string): text += JSONString.quoted(string)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                append(item, to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                text += JSONString.quoted(key)
                text += ":"
                if let member = members[key] { append(member, to: &text) }
            }
            text += "}"
        }
    }
}

extension JSONValue {
    /// This value as compact JSON text with object keys sorted.
    public var jsonText: String {
        var text = ""
        JSONTextWriter.append(self, to: &text)
        return text
    }
}
