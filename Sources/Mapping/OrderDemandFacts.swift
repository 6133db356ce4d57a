import CanonicalModel

/// What demand counting reads from a stored order's JSON (placement time, region, SKUs and quantities), found by
/// skimming: every other member is skipped without being built into values.
public struct OrderDemandFacts: Sendable, Equatable {
    public var placedAt: String?
    public var province: String?
    public var city: String?
    public var lines: [Line] = []

    /// One order line's SKU and quantity (as written).
    public struct Line: Sendable, Equatable {
        public var sku: String?
        public var quantity: String?

        public init(sku: String? = nil, quantity: String? = nil) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// The facts of the order JSON `bytes`, or nil when they are not a JSON object.
    public init?(json bytes: [UInt8]) {
        var cursor = JSONCursor(bytes: bytes, maxDepth: 64)
        do throws(PayloadError) {
            try cursor.members { cursor, key throws(PayloadError) in
                switch key {
                case "placedAt": placedAt = try cursor.readScalarText()
                case "shippingAddress":
                    try cursor.members { cursor, key throws(PayloadError) in
                        switch key {
                        case "province": province = try cursor.readScalarText()
                        case "city": city = try cursor.readScalarText()
                        default: try cursor.skipValue(depth: 2)
                        }
                    }
                case "lines":
                    try cursor.elements { cursor throws(PayloadError) in
                        var line = Line()
                        try cursor.members { cursor, key throws(PayloadError) in
                            switch key {
                            case "sku": line.sku = try cursor.readScalarText()
                            case "quantity": line.quantity = try cursor.readScalarText()
                            default: try cursor.skipValue(depth: 3)
                            }
                        }
                        lines.append(line)
                    }
                default:
                    try cursor.skipValue(depth: 1)
                }
            }
        } catch {
            return nil
        }
    }
}

extension JSONCursor {
    /// The text of a string or number at the cursor; nil for anything else (which is skipped).
    mutating func readScalarText() throws(PayloadError) -> String? {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default:
            try skipValue(depth: 0)
            return nil
        }
    }

    /// Moves past the value at the cursor without building it (strings are not decoded, only scanned).
    mutating func skipValue(depth: Int) throws(PayloadError) {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels", code: "json_too_deep") }
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try members { cursor, _ throws(PayloadError) in try cursor.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try elements { cursor throws(PayloadError) in try cursor.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard index < bytes.count else { throw error("unterminated string") }
            index += 1
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: throw error("unexpected character")
        }
    }
}
