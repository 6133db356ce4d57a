import Access

/// Who may call the gateway and how fast: token settings, identity providers, rate limits, load shedding, webhook signatures.
public struct AccessConfiguration: Sendable {
    /// Require a bearer token on every non-public route. Turning this off is for local experiments only.
    public var required: Bool = true
    /// `iss` of the tokens ChannelGate issues.
    public var issuer: String = "urn:channelgate"
    /// `aud` its tokens carry and every own token must carry.
    public var audience: String = "channelgate"
    /// Seconds an issued access token is valid.
    public var tokenLifetimeSeconds: Int = 3600
    /// Seconds a signing key signs before a new one replaces it (the old one keeps verifying its tokens).
    public var signingKeyRotationSeconds: Int = 30 * 86400
    /// Enterprise identity providers whose tokens are accepted.
    public var identityProviders: [IdentityProvider] = []
    /// The limit every client gets unless ``clientLimits`` names it.
    public var clientLimit = RateLimit(rate: 200, burst: 400)
    /// Limits for named clients.
    public var clientLimits: [String: RateLimit] = [:]
    /// Limits shared by all writers of a channel.
    public var channelLimits: [String: RateLimit] = [:]
    /// Limits shared by all callers of a route: `ingest`, `batch`, `orders`, `events`, `dead-letters`, `mappings`, `admin`, `token`.
    public var routeLimits: [String: RateLimit] = [:]
    /// Requests worked on at once; beyond it requests get 503 before any work.
    public var maxInFlight: Int = 1024
    /// The share of ``maxInFlight`` that requests not yet authenticated may hold (the token endpoint, signed webhooks
    /// whose body is read before the signature is checked); nil means an eighth.
    public var maxUnauthenticatedInFlight: Int?
    /// Failed client authentications at `/oauth/token` one client id may have per window before it is refused (429).
    public var maxFailedAuthenticationsPerClient: Int = 10
    /// Failed client authentications one client address may have per window before it is refused (429).
    public var maxFailedAuthenticationsPerAddress: Int = 50
    /// The window of those counts, in seconds.
    public var failedAuthenticationWindowSeconds: Int = 300
    /// Signed webhooks accepted without a bearer token, by channel.
    public var webhooks: [String: WebhookRule] = [:]
    /// Create a `demo` client with every scope on a store that has no clients yet.
    public var createDemoClient: Bool = true

    /// Creates AccessConfiguration with its defaults.
    public init() {}

    /// A channel's webhook signature and the tenant its signed deliveries belong to.
    public struct WebhookRule: Sendable {
        public var signature: WebhookSignature
        public var tenant: String?

        /// Creates a WebhookRule from its parts.
        public init(signature: WebhookSignature, tenant: String?) {
            self.signature = signature
            self.tenant = tenant
        }
    }
}
