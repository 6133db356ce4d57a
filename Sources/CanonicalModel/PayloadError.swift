/// Why a channel message could not become canonical events, with the field at fault.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Malformed bytes (HTTP 400) or a well-formed message that is not a valid order (HTTP 422).
    public enum Kind: String, Sendable {
        case malformed
        case invalid
    }

    public var kind: Kind
    /// A stable machine-readable code such as `invalid_json` or `unknown_currency`.
    public var code: String
    public var message: String
    /// The payload path at fault, e.g. `lines[2].quantity`, when there is one.
    public var field: String?

    public init(_ kind: Kind, code: String, message: String, field: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        field.map { "\(code) at \($0): \(message)" } ?? "\(code): \(message)"
    }
}
