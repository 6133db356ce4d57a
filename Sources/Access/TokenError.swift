/// Why a bearer token was refused; ``description`` is safe to return as `error_description`.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable reason.
    public enum Reason: String, Sendable {
        case malformed, unsupportedAlgorithm = "unsupported_algorithm", unknownKey = "unknown_key", badSignature = "bad_signature"
        case expired, notYetValid = "not_yet_valid", wrongIssuer = "wrong_issuer", wrongAudience = "wrong_audience"
        case missingClaim = "missing_claim", revoked, wrongType = "wrong_type", lifetimeTooLong = "lifetime_too_long"
    }

    public let reason: Reason
    public let detail: String

    /// Creates a TokenError from its parts.
    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { detail }
}
