import Foundation
import Gateway
import Testing

/// The error-code registry, openapi.yaml and the sources say the same.
@Suite struct ErrorCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Code → statuses as the `Error` schema of openapi.yaml lists them (text in parentheses is explanation, not codes).
    static func documented() throws -> [String: Set<Int>] {
        let text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "Codes and their statuses:"))
        let end = try #require(text.range(of: "`POST /oauth/token` refuses", range: start.upperBound..<text.endIndex))
        let block = String(text[start.upperBound..<end.lowerBound]).replacing(/\([^)]*\)/, with: "")
        var codes: [String: Set<Int>] = [:]
        for item in block.components(separatedBy: "\n        - ").dropFirst() {
            let status = try #require(Int(item.prefix(3)), "a status starts each item: \(item.prefix(20))")
            for match in item.matches(of: /`([a-z_0-9]+)`/) { codes[String(match.1), default: []].insert(status) }
        }
        return codes
    }

    @Test func theRegistryIsWhatOpenAPIDocuments() throws {
        let documented = try Self.documented()
        #expect(documented.count > 40)
        for (code, statuses) in ErrorCatalog.codes.sorted(by: { $0.key < $1.key }) {
            #expect(documented[code] == statuses, "\(code): registry \(statuses.sorted()), openapi \(documented[code]?.sorted() ?? [])")
        }
        #expect(Set(documented.keys).subtracting(ErrorCatalog.codes.keys).isEmpty, "documented but not registered")
    }

    @Test func everyCodeTheSourcesWriteIsRegistered() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var written: [String: String] = [:]
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.contains(".deadLettered(") {
                for match in line.matches(of: /code: "([a-z_0-9]+)"/) { written[String(match.1)] = file }
            }
        }
        #expect(written.count > 40)
        for (code, file) in written.sorted(by: { $0.key < $1.key }) {
            #expect(ErrorCatalog.codes[code] != nil, "\(file) answers with \(code), which is not in ErrorCatalog")
        }
    }
}
