/// The claims of a JWT access token (RFC 9068) plus the tenant it acts for.
public struct AccessClaims: Codable, Sendable, Equatable {
    public var issuer: String
    public var audience: [String]
    public var subject: String
    public var clientId: String
    public var scope: String
    public var expiresAt: Int64
    public var issuedAt: Int64
    public var notBefore: Int64?
    public var tokenId: String
    public var tenant: String?

    /// Creates an AccessClaims from its parts.
    public init(
        issuer: String, audience: [String], subject: String, clientId: String, scope: String, expiresAt: Int64, issuedAt: Int64,
        notBefore: Int64? = nil, tokenId: String, tenant: String?
    ) {
        self.issuer = issuer
        self.audience = audience
        self.subject = subject
        self.clientId = clientId
        self.scope = scope
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.tokenId = tokenId
        self.tenant = tenant
    }

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", subject = "sub", clientId = "client_id", scope, expiresAt = "exp", issuedAt = "iat"
        case notBefore = "nbf", tokenId = "jti", tenant, scopeList = "scp", authorizedParty = "azp"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        if let single = try? container.decode(String.self, forKey: .audience) {
            audience = [single]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: .audience) ?? []
        }
        subject = try container.decodeIfPresent(String.self, forKey: .subject) ?? ""
        // Identity providers name the client `client_id` (RFC 9068) or `azp`, and the scopes `scope` or `scp`.
        clientId = try container.decodeIfPresent(String.self, forKey: .clientId)
            ?? container.decodeIfPresent(String.self, forKey: .authorizedParty) ?? subject
        if let text = try container.decodeIfPresent(String.self, forKey: .scope) {
            scope = text
        } else {
            scope = (try container.decodeIfPresent([String].self, forKey: .scopeList) ?? []).joined(separator: " ")
        }
        expiresAt = try Self.seconds(container, .expiresAt) ?? 0
        issuedAt = try Self.seconds(container, .issuedAt) ?? 0
        notBefore = try Self.seconds(container, .notBefore)
        tokenId = try container.decodeIfPresent(String.self, forKey: .tokenId) ?? ""
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issuer, forKey: .issuer)
        if audience.count == 1, let only = audience.first {
            try container.encode(only, forKey: .audience)
        } else {
            try container.encode(audience, forKey: .audience)
        }
        try container.encode(subject, forKey: .subject)
        try container.encode(clientId, forKey: .clientId)
        try container.encode(scope, forKey: .scope)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(issuedAt, forKey: .issuedAt)
        try container.encodeIfPresent(notBefore, forKey: .notBefore)
        try container.encode(tokenId, forKey: .tokenId)
        try container.encodeIfPresent(tenant, forKey: .tenant)
    }

    /// NumericDate (RFC 7519 §2): seconds, possibly fractional.
    private static func seconds(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64? {
        guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.isFinite, abs(value) < 1e15 else { throw TokenError(.malformed, "\(key.rawValue) is not a valid time") }
        return Int64(value.rounded(.down))
    }
}
