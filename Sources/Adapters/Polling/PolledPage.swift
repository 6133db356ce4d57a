import CanonicalModel
import Foundation

/// One fetched page: its items as bytes, the newest update time among them, and the token of the next page.
struct PolledPage: Sendable {
    var items: [[UInt8]]
    var newestUpdate: Int64?
    var nextToken: String?

    /// Reads a page body as the definition describes.
    init(body: [UInt8], linkHeader: String?, token: String, definition: PollerDefinition, reader: JSONReaderAdapter) throws(PollerError) {
        guard let root = reader.parse(body) else { throw PollerError("the page is not valid JSON") }
        guard case .array(let values)? = JSONDotPath.value(definition.itemsPath, in: root) else {
            throw PollerError("the page has no item array at '\(definition.itemsPath)'")
        }
        items = values.map { Array($0.jsonText.utf8) }
        newestUpdate = definition.window.flatMap { window in
            values.compactMap { JSONDotPath.value(window.updatedPath, in: $0).flatMap(Self.seconds) }.max()
        }
        switch definition.paging {
        case .page(_, _, let size, _):
            nextToken = values.count < size || values.isEmpty ? nil : String((Int(token) ?? 0) + 1)
        case .offset(_, _, let size):
            nextToken = values.count < size || values.isEmpty ? nil : String((Int(token) ?? 0) + values.count)
        case .cursor(_, let nextPath, _, _):
            let next = JSONDotPath.value(nextPath, in: root)?.scalarText
            nextToken = (next?.isEmpty ?? true) || values.isEmpty ? nil : next
        case .link(let nextPath):
            let fromBody = nextPath.flatMap { JSONDotPath.value($0, in: root)?.scalarText }
            let next = Self.nextLink(linkHeader) ?? fromBody
            nextToken = (next?.isEmpty ?? true) ? nil : next
        }
    }

    /// Unix seconds from an RFC 3339 text or a number of seconds (milliseconds when it is that large).
    static func seconds(_ value: JSONValue) -> Int64? {
        guard let text = value.scalarText else { return nil }
        if let number = Double(text) { return Int64(number > 1e11 ? number / 1000 : number) }
        return Timestamp.parse(text).map { Int64($0.timeIntervalSince1970) }
    }

    /// The `rel="next"` target of an RFC 8288 `Link` header.
    static func nextLink(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                  pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: "\"", with: "") == "rel=next" })
            else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }
}
