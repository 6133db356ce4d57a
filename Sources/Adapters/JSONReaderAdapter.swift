import CanonicalModel
import Mapping

/// Parses channel pages with the gateway's JSON reader (exact numbers, depth and size limits).
struct JSONReaderAdapter: Sendable {
    let reader = JSONReader(limits: .init(maxDepth: 64, maxBytes: 64 << 20))

    func parse(_ bytes: [UInt8]) -> JSONValue? { try? reader.parse(bytes) }
}
