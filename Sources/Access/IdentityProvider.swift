/// An enterprise identity provider whose tokens ChannelGate accepts, by issuer and JWKS URL.
public struct IdentityProvider: Sendable, Equatable {
    public var issuer: String
    public var jwksURL: String
    /// The `aud` value its tokens must carry for ChannelGate.
    public var audience: String
    /// The tenant its tokens act for when they carry no `tenant` claim.
    public var tenant: String

    /// Creates an IdentityProvider from its parts.
    public init(issuer: String, jwksURL: String, audience: String, tenant: String) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.audience = audience
        self.tenant = tenant
    }
}

/// Fetches a JWKS document (over libcurl in the gateway).
public typealias JWKSFetcher = @Sendable (_ url: String) async throws -> [UInt8]
