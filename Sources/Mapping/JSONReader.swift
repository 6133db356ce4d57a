import CanonicalModel

/// Parses JSON bytes into a ``JSONValue`` with depth and size limits, reporting line and column of errors.
public struct JSONReader: Sendable {
    /// Limits that bound the work one payload can cause.
    public struct Limits: Sendable {
        /// Deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        /// Largest number of bytes accepted.
        public var maxBytes: Int

        public init(maxDepth: Int = 64, maxBytes: Int = 8 << 20) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }
    }

    public let limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses one JSON document; throws ``PayloadError`` with code `invalid_json`, `json_too_deep`,
    /// `payload_too_large`, `invalid_utf8` or `empty_body`.
    public func parse(_ bytes: [UInt8]) throws(PayloadError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw PayloadError(.malformed, code: "payload_too_large", message: "payload is \(bytes.count) bytes; the limit is \(limits.maxBytes)")
        }
        var cursor = JSONCursor(bytes: bytes, maxDepth: limits.maxDepth)
        cursor.skipWhitespace()
        guard cursor.index < bytes.count else {
            throw PayloadError(.malformed, code: "empty_body", message: "the request body is empty")
        }
        let value = try cursor.readValue(depth: 0)
        cursor.skipWhitespace()
        guard cursor.index == bytes.count else { throw cursor.error("unexpected data after the JSON value") }
        return value
    }
}

/// The byte-level state of one parse.
struct JSONCursor {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ message: String, code: String = "invalid_json") -> PayloadError {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return PayloadError(.malformed, code: code, message: "\(message) at line \(line), column \(column)", field: "line \(line), column \(column)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(PayloadError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("unexpected character")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(PayloadError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    mutating func readObject(depth: Int) throws(PayloadError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels", code: "json_too_deep") }
        // Members are gathered first so the dictionary is sized once: growing it member by member re-hashes every
        // key at each resize, which was most of the hashing in reading an order. A repeated name keeps its last value.
        var pairs: [(String, JSONValue)] = []
        pairs.reserveCapacity(16)
        try members { cursor, key throws(PayloadError) in pairs.append((key, try cursor.readValue(depth: depth))) }
        var result = [String: JSONValue](minimumCapacity: pairs.count)
        for (key, value) in pairs { result[key] = value }
        return .object(result)
    }

    mutating func readArray(depth: Int) throws(PayloadError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels", code: "json_too_deep") }
        var items: [JSONValue] = []
        try elements { cursor throws(PayloadError) in items.append(try cursor.readValue(depth: depth)) }
        return .array(items)
    }

    /// Calls `body` with each member name of the object at the cursor, the cursor then standing at its value (which
    /// `body` must read or skip).
    mutating func members(_ body: (inout JSONCursor, String) throws(PayloadError) -> Void) throws(PayloadError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw error("expected an object") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            try body(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    /// Calls `body` with the cursor at each element of the array at the cursor (which `body` must read or skip).
    mutating func elements(_ body: (inout JSONCursor) throws(PayloadError) -> Void) throws(PayloadError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { throw error("expected an array") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    mutating func readNumber() throws(PayloadError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        guard index > digitsStart else { throw error("invalid number") }
        if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw error("leading zero in number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > fractionStart else { throw error("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { throw error("invalid number") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func readString() throws(PayloadError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes; ASCII-only text needs no UTF-8 validation.
        var asciiOnly = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = asciiOnly ? asciiText(start..<index) : try validatedText(start..<index)
                index += 1
                return text
            }
            asciiOnly = asciiOnly && byte < 0x80
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string") }
            index += 1
        }
        var scalars = try validatedText(start..<index)
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return scalars
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.unicodeScalars.append(try readUnicodeEscape())
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                let runStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                    index += 1
                }
                scalars += try validatedText(runStart..<index)
            }
        }
        throw error("unterminated string")
    }

    mutating func readHex4() throws(PayloadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func readUnicodeEscape() throws(PayloadError) -> Unicode.Scalar {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate")
            }
            index += 2
            let second = try readHex4()
            guard (0xDC00..<0xE000).contains(second) else { throw error("unpaired surrogate") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("unpaired surrogate") }
        return scalar
    }

    /// Text known to be ASCII (every byte below 0x80), so valid UTF-8 as it is.
    func asciiText(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buffer in String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) }
    }

    func validatedText(_ range: Range<Int>) throws(PayloadError) -> String {
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
        guard let text else {
            var at = self
            at.index = range.lowerBound
            throw at.error("invalid UTF-8 in string", code: "invalid_utf8")
        }
        return text
    }
}
