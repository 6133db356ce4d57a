import Access
import CanonicalModel
import Foundation
import Logging
import Storage
import Synchronization

/// The gateway's access state: signing keys, token verification, clients, rate limits and the in-flight bound.
public final class AccessControl: Sendable {
    public let configuration: AccessConfiguration
    let store: any StorageBackend
    public let verifier: TokenVerifier
    public let issuer: TokenIssuer
    public let limiter: any RateLimiterBackend
    /// The processes serving the store, whose count divides the rate limits among them.
    public let census: ReplicaCensus
    public let inFlight: InFlightLimiter
    /// The share of `inFlight` that requests not yet authenticated may hold.
    public let unauthenticatedInFlight: InFlightLimiter
    /// Webhook delivery ids seen: in the store when it is shared by several processes, else in memory.
    public let replays: any DeliveryLedger
    /// Failed client authentications per client id.
    public let failedByClient: FailedAuthenticationThrottle
    /// Failed client authentications per client address.
    public let failedByAddress: FailedAuthenticationThrottle
    /// Seals the signing keys' private halves at rest; the first key seals, every listed key opens.
    let keyEncryption: PersonalDataCipher
    private let signingKey = Mutex<SigningKey?>(nil)
    private let jwks = Mutex<String>(#"{"keys":[]}"#)
    private let overrides = Mutex<[String: RateLimit]>([:])
    private let rotating = Mutex<Bool>(false)
    /// The configuration version the loaded keys, overrides and disabled clients were read at.
    private let loadedVersion = Mutex<Int64>(-1)

    /// Access control over `store`, sealing signing keys with `keyEncryption` and fetching remote key sets with `fetch`.
    public init(
        configuration: AccessConfiguration, store: any StorageBackend, keyEncryption: PersonalDataCipher, owner: String,
        fetch: @escaping JWKSFetcher
    ) {
        self.configuration = configuration
        self.keyEncryption = keyEncryption
        let window = Int64(configuration.failedAuthenticationWindowSeconds)
        failedByClient = FailedAuthenticationThrottle(maxFailures: configuration.maxFailedAuthenticationsPerClient, windowSeconds: window)
        failedByAddress = FailedAuthenticationThrottle(maxFailures: configuration.maxFailedAuthenticationsPerAddress, windowSeconds: window)
        self.store = store
        replays = (store as? any WebhookDeliveryStore).map { SharedDeliveryLedger(store: $0) } ?? ReplayGuard()
        verifier = TokenVerifier(
            issuer: configuration.issuer, audience: configuration.audience, providers: configuration.identityProviders, fetch: fetch
        )
        issuer = TokenIssuer(issuer: configuration.issuer, audience: configuration.audience, lifetime: Int64(configuration.tokenLifetimeSeconds))
        census = ReplicaCensus(store: store, owner: owner)
        limiter = ReplicaShareLimiter(inner: GCRARateLimiter(), census: census)
        inFlight = InFlightLimiter(maximum: configuration.maxInFlight)
        unauthenticatedInFlight = InFlightLimiter(
            maximum: min(configuration.maxInFlight, configuration.maxUnauthenticatedInFlight ?? max(1, configuration.maxInFlight / 8))
        )
    }

    /// The current time in Unix seconds.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Loads keys, overrides and disabled clients; makes a signing key if none is current.
    public func start() async throws {
        try await sealStoredKeys()
        try loadKeys()
        if signingKey.withLock({ $0 }) == nil { try await rotateSigningKey(actor: "system", tenant: nil) }
        try reloadOverrides()
        try reloadDisabledClients()
    }

    /// Re-reads keys, overrides and disabled clients from the store.
    /// Reads keys, overrides and disabled clients again when the store's configuration version moved since the last read.
    func reloadIfChanged() throws {
        let version = try store.configurationVersion()
        guard loadedVersion.withLock({ $0 }) != version else { return }
        try reload()
        loadedVersion.withLock { $0 = version }
    }

    func reload() throws {
        try loadKeys()
        try reloadOverrides()
        try reloadDisabledClients()
    }

    /// The public JWKS document of every key that may still verify a token.
    public var jwksDocument: String { jwks.withLock { $0 } }

    private func loadKeys() throws {
        let records = try store.signingKeys()
        let keys = try records.map { record in
            try SigningKey(id: record.kid, rawPrivateKey: try keyEncryption.open(record.privateKey), createdAt: record.createdAt, retiredAt: record.retiredAt)
        }
        verifier.setOwnKeys(keys)
        jwks.withLock { $0 = JSONWebKeySet.json(for: keys) }
        signingKey.withLock { $0 = keys.first { $0.retiredAt == nil } }
    }

    /// Replaces the signing key; the previous one keeps verifying until its last token expires. Audited when `tenant` is given.
    public func rotateSigningKey(actor: String, tenant: String?) async throws {
        let now = Self.now()
        let key = SigningKey.generate(at: now)
        let dropBefore = now - Int64(configuration.tokenLifetimeSeconds) - verifier.leeway
        let audit = tenant.map { tenant in
            AuditEntry(
                tenant: tenant, actor: actor, action: "signing_key.rotate", target: key.id,
                before: signingKey.withLock { $0 }.map { JSONString.quoted($0.id) }, after: JSONString.quoted(key.id), at: Timestamp.format(Date())
            )
        }
        try await store.rotateSigningKey(
            to: SigningKeyRecord(kid: key.id, privateKey: try keyEncryption.seal(key.rawPrivateKey), createdAt: now, retiredAt: nil),
            dropRetiredBefore: dropBefore, audit: audit
        )
        try loadKeys()
    }

    /// Seals with the current key-encryption key every stored signing key that is stored raw (before sealing existed)
    /// or sealed with an older key-encryption key, so a key-encryption key can be rotated by putting a new one first.
    func sealStoredKeys() async throws {
        let current = keyEncryption.currentKeyId
        let stale = try store.signingKeys().filter { PersonalDataCipher.keyId(ofBlob: $0.privateKey) != current }
        guard !stale.isEmpty else { return }
        let resealed = try stale.map { record in
            (kid: record.kid, privateKey: try keyEncryption.seal(try keyEncryption.open(record.privateKey)))
        }
        try await store.replaceSigningKeyBlobs(resealed)
    }

    /// The key new tokens are signed with, rotating it first when it is older than the rotation period.
    public func currentSigningKey() async throws -> SigningKey {
        if let key = signingKey.withLock({ $0 }), Self.now() - key.createdAt < Int64(configuration.signingKeyRotationSeconds) {
            return key
        }
        let mayRotate = rotating.withLock { busy in
            defer { busy = true }
            return !busy
        }
        if mayRotate {
            defer { rotating.withLock { $0 = false } }
            try await rotateSigningKey(actor: "system", tenant: nil)
        }
        guard let key = signingKey.withLock({ $0 }) else { throw AccessControlError("no signing key is loaded") }
        return key
    }

    /// Reads the rate-limit overrides again from the store.
    public func reloadOverrides() throws {
        let stored = try store.rateLimitOverrides()
        overrides.withLock { overrides in
            overrides = Dictionary(stored.map { ($0.kind + ":" + $0.name, RateLimit(rate: $0.rate, burst: $0.burst)) }, uniquingKeysWith: { _, last in last })
        }
    }

    /// Reads again which clients are disabled, so their tokens stop working.
    public func reloadDisabledClients() throws {
        verifier.setDisabledClients(Set(try store.clients(tenant: nil).filter { $0.status != .active }.map(\.clientId)))
    }

    /// The limit for `name` of `kind` (`client`, `channel`, `route`): a runtime override, else the configuration.
    public func limit(kind: String, name: String) -> RateLimit? {
        if let override = overrides.withLock({ $0[kind + ":" + name] }) { return override }
        switch kind {
        case "client": return configuration.clientLimits[name] ?? configuration.clientLimit
        case "channel": return configuration.channelLimits[name]
        default: return configuration.routeLimits[name]
        }
    }

    /// Runtime overrides as stored, for the admin API.
    public func currentOverrides() -> [String: RateLimit] { overrides.withLock { $0 } }
}
