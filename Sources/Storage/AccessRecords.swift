/// An API client as stored: who it is, which tenant it acts for, what it may do, and its hashed secret.
public struct ClientRecord: Sendable, Equatable {
    public var clientId: String
    public var tenant: String
    public var name: String
    public var scopes: [String]
    public var secretSalt: [UInt8]
    public var secretHash: [UInt8]
    public var status: ClientStatus
    public var createdAt: String
    public var updatedAt: String

    /// Creates a ClientRecord from its parts.
    public init(
        clientId: String, tenant: String, name: String, scopes: [String], secretSalt: [UInt8], secretHash: [UInt8], status: ClientStatus,
        createdAt: String, updatedAt: String
    ) {
        self.clientId = clientId
        self.tenant = tenant
        self.name = name
        self.scopes = scopes
        self.secretSalt = secretSalt
        self.secretHash = secretHash
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A stored token-signing key (raw P-256 private scalar).
public struct SigningKeyRecord: Sendable, Equatable {
    public var kid: String
    public var privateKey: [UInt8]
    public var createdAt: Int64
    public var retiredAt: Int64?

    /// Creates a SigningKeyRecord from its parts.
    public init(kid: String, privateKey: [UInt8], createdAt: Int64, retiredAt: Int64?) {
        self.kid = kid
        self.privateKey = privateKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// A rate limit changed at runtime, overriding the configuration for one client, channel or route.
public struct RateLimitOverride: Sendable, Equatable {
    /// `client`, `channel` or `route`.
    public var kind: String
    public var name: String
    public var rate: Double
    public var burst: Int

    /// Creates a RateLimitOverride from its parts.
    public init(kind: String, name: String, rate: Double, burst: Int) {
        self.kind = kind
        self.name = name
        self.rate = rate
        self.burst = burst
    }
}

/// One administrative action: who did what to which thing when, with the state before and after (JSON).
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var tenant: String
    public var actor: String
    public var action: String
    public var target: String
    public var before: String?
    public var after: String?
    public var at: String

    /// Creates an AuditEntry from its parts.
    public init(id: Int64 = 0, tenant: String, actor: String, action: String, target: String, before: String?, after: String?, at: String) {
        self.id = id
        self.tenant = tenant
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.at = at
    }
}
