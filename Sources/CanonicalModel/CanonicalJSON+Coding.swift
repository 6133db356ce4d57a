import Foundation

extension CanonicalJSON {
    /// Why stored canonical JSON text could not be read back as a typed value.
    public struct DecodingFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// An encoder writing the same JSON as ``text(of:)``: keys sorted, dates as ``Timestamp/format(_:)``, slashes unescaped.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return encoder
    }

    /// A decoder reading what ``makeEncoder()`` and ``text(of:)`` write.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    /// True when `text` is a whole canonical order as ``text(of:)`` writes it (its first sorted member is `amounts`).
    public static func isOrderText(_ text: String) -> Bool {
        text.utf8.starts(with: "{\"amounts\":".utf8)
    }

    /// The canonical order `text` holds.
    public static func order(from text: String) throws(DecodingFailure) -> CanonicalOrder {
        do {
            return try makeDecoder().decode(CanonicalOrder.self, from: Data(text.utf8))
        } catch {
            throw DecodingFailure(description: "stored canonical order unreadable: \(error)")
        }
    }

    /// The JSON value `text` holds.
    public static func value(from text: String) throws(DecodingFailure) -> JSONValue {
        do {
            return try makeDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw DecodingFailure(description: "stored event data unreadable: \(error)")
        }
    }
}
