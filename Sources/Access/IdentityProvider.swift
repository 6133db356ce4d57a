/// An enterprise identity provider whose tokens ChannelGate accepts, by issuer and JWKS URL.
public struct IdentityProvider: Sendable, Equatable {
    public var issuer: String
    public var jwksURL: String
    /// The `aud` value its tokens must carry for ChannelGate.
    public var audience: String
    /// The tenant its tokens act for when they carry no `tenant` claim.
    public var tenant: String
    /// The JOSE `typ` values accepted from it, compared without case; RFC 9068 access tokens are `at+jwt`.
    public var acceptedTypes: Set<String>
    /// Longest lifetime (`exp` − `iat`, or `exp` − now without `iat`) of a token accepted from it, in seconds.
    public var maxLifetimeSeconds: Int64

    /// RFC 9068's access-token types: `at+jwt` and its media-type spelling.
    public static let accessTokenTypes: Set<String> = ["at+jwt", "application/at+jwt"]

    /// Creates an IdentityProvider from its parts.
    public init(
        issuer: String, jwksURL: String, audience: String, tenant: String, acceptedTypes: Set<String> = accessTokenTypes,
        maxLifetimeSeconds: Int64 = 86400
    ) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.audience = audience
        self.tenant = tenant
        self.acceptedTypes = Set(acceptedTypes.map { $0.lowercased() })
        self.maxLifetimeSeconds = maxLifetimeSeconds
    }
}

/// Fetches a JWKS document (over libcurl in the gateway).
public typealias JWKSFetcher = @Sendable (_ url: String) async throws -> [UInt8]
