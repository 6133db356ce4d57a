import Foundation

/// A JWS in compact serialisation, split and decoded but not yet verified.
public struct CompactJWS: Sendable {
    /// The protected header fields ChannelGate reads.
    public struct Header: Codable, Sendable {
        public var alg: String
        public var kid: String?
        public var typ: String?

        /// Creates a Header from its parts.
        public init(alg: String, kid: String?, typ: String?) {
            self.alg = alg
            self.kid = kid
            self.typ = typ
        }
    }

    /// Longest token accepted, in bytes.
    public static let maxLength = 8192

    public let header: Header
    public let payload: [UInt8]
    /// `base64url(header) "." base64url(payload)`: the bytes the signature covers.
    public let signingInput: [UInt8]
    public let signature: [UInt8]

    /// Splits and decodes `token`, refusing anything that is not three base64url parts with a JSON header.
    public init(parsing token: String) throws(TokenError) {
        guard token.utf8.count <= Self.maxLength else { throw TokenError(.malformed, "token is longer than \(Self.maxLength) bytes") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw TokenError(.malformed, "token is not a compact JWS") }
        guard let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2])
        else { throw TokenError(.malformed, "token parts are not base64url") }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else {
            throw TokenError(.malformed, "token header is not a JOSE header")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        signingInput = Array(parts[0].utf8) + [0x2E] + Array(parts[1].utf8)
    }
}
