import Foundation

/// Builds compact JSON text directly, keys in the order written; faster than `JSONEncoder` on the ingest path.
public struct JSONTextWriter {
    private var bytes: [UInt8] = []
    private var needsComma = [false]

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendQuoted(_ string: String) {
        JSONString.appendQuoted(string, to: &bytes)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ name: String) {
        separator()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Opens an object, as a member named `name` or as a bare value.
    public mutating func beginObject(_ name: String? = nil) {
        if let name { key(name) } else { separator() }
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray(_ name: String) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        appendQuoted(value)
    }

    /// A string element of the current array.
    public mutating func element(_ value: String) {
        separator()
        appendQuoted(value)
    }

    public mutating func integer(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        appendDecimal(value)
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64's 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    public mutating func double(_ name: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        key(name)
        bytes.append(contentsOf: "\(value)".utf8)
    }

    public mutating func bool(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        if value { append("true") } else { append("false") }
    }

    public mutating func date(_ name: String, _ value: Date?) {
        guard let value else { return }
        key(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Timestamp.format(value).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes already-encoded JSON text as the member `name`.
    public mutating func raw(_ name: String, _ json: String) {
        key(name)
        bytes.append(contentsOf: json.utf8)
    }

    public mutating func value(_ name: String, _ value: JSONValue?) {
        guard let value else { return }
        key(name)
        Self.append(value, to: &bytes)
    }

    /// Appends `value` as JSON, object members sorted by key so equal values give equal text.
    static func append(_ value: JSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let lexeme): bytes.append(contentsOf: lexeme.utf8)
        case .string(let string): JSONString.appendQuoted(string, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONString.appendQuoted(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                append(member.value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue {
    /// This value as compact JSON text with object keys sorted.
    public var jsonText: String {
        var bytes: [UInt8] = []
        JSONTextWriter.append(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
