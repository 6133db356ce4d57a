import Foundation

/// Reads orders from NDJSON text (one ``RoutingOrder`` JSON object per line).
public enum RoutingOrderReader {
    /// Loads an orders NDJSON file.
    public static func load(path: String) throws -> [RoutingOrder] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingLoadError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        return try parse(data, file: path)
    }

    /// Parses NDJSON text; blank lines are skipped, errors name file and line.
    public static func parse(_ text: String, file: String) throws -> [RoutingOrder] {
        try parse(Data(text.utf8), file: file)
    }

    /// Parses NDJSON bytes; blank lines are skipped, errors name file and line.
    public static func parse(_ data: Data, file: String) throws -> [RoutingOrder] {
        let decoder = JSONDecoder()
        var orders: [RoutingOrder] = []
        var lineNumber = 0
        var lineStart = data.startIndex
        while lineStart < data.endIndex {
            let lineEnd = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            lineNumber += 1
            let line = data[lineStart..<lineEnd]
            lineStart = lineEnd < data.endIndex ? lineEnd + 1 : lineEnd
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                orders.append(try decoder.decode(RoutingOrder.self, from: line))
            } catch let error as DecodingError {
                throw RoutingLoadError(file: file, line: lineNumber, column: 1, message: describe(error))
            }
        }
        return orders
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the order" : "order" + keys
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)) is missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "unreadable order: \(error)"
        }
    }
}
