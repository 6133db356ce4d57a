import Foundation
import Synchronization

/// Checks bearer tokens: ChannelGate's own ES256 tokens and those of configured identity providers.
///
/// A token passes when its `alg` is the one its key verifies (so `none` and key-type confusion fail), its `typ` is an
/// access token's (RFC 9068), the signature is valid, `iss` and `aud` match, `exp`/`nbf` hold within ``leeway``, and
/// an identity provider's token lives no longer than that provider's maximum. Verified tokens are cached.
public final class TokenVerifier: Sendable {
    public let issuer: String
    public let audience: String
    /// Seconds of clock skew tolerated on `exp` and `nbf`.
    public let leeway: Int64
    private let ownKeys = Mutex<[String: VerificationKey]>([:])
    private let providers: [String: IdentityProvider]
    private let providerKeys = Mutex<[String: ProviderKeys]>([:])
    private let fetch: JWKSFetcher
    private let cache = VerifiedTokenCache(capacity: 100_000)
    private let disabledClients = Mutex<Set<String>>([])

    private struct ProviderKeys {
        var keys: [String: VerificationKey] = [:]
        var fetchedAt: Int64?
    }

    /// Shortest interval between two JWKS fetches of one provider, so unknown key ids cannot hammer it.
    public static let refetchInterval: Int64 = 30

    /// Creates a verifier for ChannelGate's own issuer and audience and the given identity providers.
    public init(issuer: String, audience: String, leeway: Int64 = 30, providers: [IdentityProvider] = [], fetch: @escaping JWKSFetcher) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.providers = Dictionary(providers.map { ($0.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.fetch = fetch
    }

    /// Replaces the set of ChannelGate's own keys that verify tokens (the current one and retired ones still in use).
    public func setOwnKeys(_ keys: [SigningKey]) {
        ownKeys.withLock { $0 = Dictionary(keys.map { ($0.id, $0.verificationKey) }, uniquingKeysWith: { first, _ in first }) }
    }

    /// Refuses tokens of these clients from now on, even cached ones.
    public func setDisabledClients(_ clients: Set<String>) {
        disabledClients.withLock { $0 = clients }
        cache.removeAll { clients.contains($0.clientId) }
    }

    /// The verified identity of `token` at `now` (Unix seconds).
    public func verify(_ token: String, now: Int64) async throws(TokenError) -> VerifiedToken {
        if let cached = cache.lookup(token, now: now) {
            guard !disabledClients.withLock({ $0.contains(cached.clientId) }) else { throw TokenError(.revoked, "client is disabled") }
            return cached
        }
        let jws = try CompactJWS(parsing: token)
        guard jws.header.alg == "ES256" || jws.header.alg == "RS256" else {
            throw TokenError(.unsupportedAlgorithm, "algorithm \(jws.header.alg) is not accepted")
        }
        let claims: AccessClaims
        do {
            claims = try JSONDecoder().decode(AccessClaims.self, from: Data(jws.payload))
        } catch let error as TokenError {
            throw error
        } catch {
            throw TokenError(.malformed, "token claims are not a JWT claims set with iss")
        }
        let expectedAudience: String
        let defaultTenant: String?
        let key: VerificationKey?
        let type = jws.header.typ?.lowercased()
        var maxLifetime: Int64?
        var acceptedTypes: Set<String> = ["at+jwt"]
        if claims.issuer == issuer {
            expectedAudience = audience
            defaultTenant = nil
            key = jws.header.kid.flatMap { kid in ownKeys.withLock { $0[kid] } }
        } else if let provider = providers[claims.issuer] {
            acceptedTypes = provider.acceptedTypes
            expectedAudience = provider.audience
            defaultTenant = provider.tenant
            maxLifetime = provider.maxLifetimeSeconds
            key = try await providerKey(provider, kid: jws.header.kid, now: now)
        } else {
            throw TokenError(.wrongIssuer, "issuer is not trusted")
        }
        guard let key else { throw TokenError(.unknownKey, "no key with this key id") }
        guard key.algorithm == jws.header.alg else {
            throw TokenError(.unsupportedAlgorithm, "algorithm \(jws.header.alg) does not match the key's \(key.algorithm)")
        }
        guard let type, acceptedTypes.contains(type) else {
            throw TokenError(.wrongType, "token type must be \(acceptedTypes.sorted().joined(separator: " or "))")
        }
        guard key.verifies(jws.signature, over: jws.signingInput) else { throw TokenError(.badSignature, "signature does not verify") }
        guard claims.audience.contains(expectedAudience) else { throw TokenError(.wrongAudience, "token is not meant for this audience") }
        guard claims.expiresAt > 0 else { throw TokenError(.missingClaim, "token has no exp") }
        guard now < claims.expiresAt + leeway else { throw TokenError(.expired, "token expired") }
        if let notBefore = claims.notBefore, now + leeway < notBefore { throw TokenError(.notYetValid, "token is not valid yet") }
        if let maxLifetime {
            if claims.issuedAt > now + leeway { throw TokenError(.notYetValid, "token is issued in the future") }
            let lifetime = claims.expiresAt - (claims.issuedAt > 0 ? claims.issuedAt : now)
            guard lifetime <= maxLifetime else { throw TokenError(.lifetimeTooLong, "token lives longer than \(maxLifetime) s") }
        }
        guard let tenant = claims.tenant ?? defaultTenant else { throw TokenError(.missingClaim, "token has no tenant") }
        guard !disabledClients.withLock({ $0.contains(claims.clientId) }) else { throw TokenError(.revoked, "client is disabled") }
        let verified = VerifiedToken(
            clientId: claims.clientId, tenant: tenant, scopes: Set(AccessScope.parse(claims.scope)), expiresAt: claims.expiresAt, issuer: claims.issuer
        )
        cache.store(token, verified, validUntil: claims.expiresAt + leeway, now: now)
        return verified
    }

    /// The provider's key `kid`, fetching its JWKS when the key is unknown (at most once per ``refetchInterval``).
    private func providerKey(_ provider: IdentityProvider, kid: String?, now: Int64) async throws(TokenError) -> VerificationKey? {
        guard let kid else { throw TokenError(.unknownKey, "token has no key id") }
        let known = providerKeys.withLock { state -> (key: VerificationKey?, mayFetch: Bool) in
            let current = state[provider.issuer] ?? ProviderKeys()
            return (current.keys[kid], current.fetchedAt.map { now - $0 >= Self.refetchInterval } ?? true)
        }
        if let key = known.key { return key }
        guard known.mayFetch else { return nil }
        providerKeys.withLock { state in state[provider.issuer, default: ProviderKeys()].fetchedAt = now }
        let document: [UInt8]
        do {
            document = try await fetch(provider.jwksURL)
        } catch {
            throw TokenError(.unknownKey, "cannot fetch the identity provider's keys")
        }
        let set = try JSONWebKeySet(parsing: document)
        providerKeys.withLock { state in state[provider.issuer] = ProviderKeys(keys: set.keys, fetchedAt: now) }
        return set.keys[kid]
    }
}
