import Foundation

/// One contract test of a channel mapping: a payload and what it must become, its canonical events or an error.
public struct ContractTestCase: Sendable, Equatable {
    /// What the payload must become.
    public enum Expectation: Sendable, Equatable {
        /// These canonical events, one JSON object each (as `channelgate mapping apply` prints them).
        case events([JSONValue])
        /// This error code, at this field when one is named.
        case error(code: String, field: String?)
    }

    public var name: String
    /// The payload bytes.
    public var input: [UInt8]
    public var expectation: Expectation

    /// Creates a ContractTestCase from its parts.
    public init(name: String, input: [UInt8], expectation: Expectation) {
        self.name = name
        self.input = input
        self.expectation = expectation
    }
}

extension ContractTestCase: Codable {
    private enum Key: String, CodingKey { case name, input, expected, error }
    private enum ErrorKey: String, CodingKey { case code, field }

    /// Reads `{"name", "input": "<payload text>", "expected": [events]}` or `{…, "error": {"code", "field"}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        name = try container.decode(String.self, forKey: .name)
        input = Array(try container.decode(String.self, forKey: .input).utf8)
        if container.contains(.error) {
            let error = try container.nestedContainer(keyedBy: ErrorKey.self, forKey: .error)
            expectation = .error(code: try error.decode(String.self, forKey: .code), field: try error.decodeIfPresent(String.self, forKey: .field))
        } else if container.contains(.expected) {
            expectation = .events(try container.decode([JSONValue].self, forKey: .expected))
        } else {
            throw DecodingError.keyNotFound(Key.expected, .init(codingPath: container.codingPath, debugDescription: "a contract test needs \"expected\" events or an \"error\""))
        }
    }

    /// Writes the form ``init(from:)`` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: .name)
        try container.encode(String(decoding: input, as: UTF8.self), forKey: .input)
        switch expectation {
        case .events(let events):
            try container.encode(events, forKey: .expected)
        case .error(let code, let field):
            var error = container.nestedContainer(keyedBy: ErrorKey.self, forKey: .error)
            try error.encode(code, forKey: .code)
            try error.encodeIfPresent(field, forKey: .field)
        }
    }
}
