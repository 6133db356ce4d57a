import CanonicalModel
import Foundation

/// A mapping sent for publishing: YAML text alone, or JSON carrying the YAML and its contract tests.
struct MappingSubmission {
    let source: String
    let contractTests: [ContractTestCase]

    private struct Envelope: Decodable {
        let mapping: String
        let contractTests: [ContractTestCase]?
    }

    /// Reads `body`: JSON `{"mapping", "contractTests"}` when `isJSON`, else the YAML text itself.
    init(body: [UInt8], isJSON: Bool) throws(APIError) {
        guard isJSON else {
            guard let source = String(validating: body, as: UTF8.self), !source.isEmpty else {
                throw APIError(.badRequest, code: "invalid_mapping_text", message: "send the mapping YAML as UTF-8 text")
            }
            self.source = source
            contractTests = []
            return
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError(.badRequest, code: "invalid_parameter", message: "\(key.stringValue) is required", field: Self.path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError(.badRequest, code: "invalid_parameter", message: context.debugDescription, field: Self.path(context.codingPath))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw APIError(.badRequest, code: "invalid_parameter", message: context.debugDescription, field: Self.path(context.codingPath))
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "send {\"mapping\": \"<yaml>\", \"contractTests\": [...]}: \(error)")
        }
        guard !envelope.mapping.isEmpty else { throw APIError(.badRequest, code: "invalid_mapping_text", message: "the mapping is empty", field: "mapping") }
        source = envelope.mapping
        contractTests = envelope.contractTests ?? []
        var seen = Set<String>()
        for (index, test) in contractTests.enumerated() {
            guard !test.name.isEmpty, seen.insert(test.name).inserted else {
                throw APIError(.badRequest, code: "invalid_parameter", message: "contract test names must be present and unique", field: "contractTests[\(index)].name")
            }
        }
    }

    /// `contractTests[0].expected` from a decoding path.
    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path.isEmpty ? key.stringValue : path + "." + key.stringValue
        }
    }
}
