import Crypto
import Foundation

/// Signs ES256 JWT access tokens (RFC 9068) for authenticated clients.
public struct TokenIssuer: Sendable {
    public let issuer: String
    public let audience: String
    /// Seconds an issued token is valid.
    public let lifetime: Int64

    /// Creates a TokenIssuer from its parts.
    public init(issuer: String, audience: String, lifetime: Int64) {
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
    }

    /// The claims a token for `clientId` of `tenant` with `scopes` carries when issued at `now`.
    public func claims(clientId: String, tenant: String, scopes: [String], now: Int64) -> AccessClaims {
        AccessClaims(
            issuer: issuer, audience: [audience], subject: clientId, clientId: clientId, scope: scopes.joined(separator: " "),
            expiresAt: now + lifetime, issuedAt: now, notBefore: now, tokenId: UUID().uuidString.lowercased(), tenant: tenant
        )
    }

    /// The compact JWS of `claims` signed with `key`, typed `at+jwt` unless `type` says otherwise.
    public func sign(_ claims: AccessClaims, with key: SigningKey, type: String? = "at+jwt") throws -> String {
        let header = CompactJWS.Header(alg: "ES256", kid: key.id, typ: type)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let input = Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
        let signature = try key.privateKey.signature(for: SHA256.hash(data: Array(input.utf8)))
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
