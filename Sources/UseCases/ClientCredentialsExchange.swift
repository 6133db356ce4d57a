import Access
import Foundation
import Storage

/// A signed access token handed to a client that proved its secret.
public struct IssuedToken: Sendable {
    public let token: String
    public let clientId: String
    public let tenant: String
    public let scopes: [String]
    public let expiresInSeconds: Int
}

/// Why a client was not given a token, in RFC 6749 §5.2 terms.
public struct ExchangeRefusal: Error, Sendable {
    /// The RFC 6749 §5.2 error code (`slow_down` is RFC 8628's).
    public enum Reason: String, Sendable {
        case invalidClient = "invalid_client"
        case invalidScope = "invalid_scope"
        case slowDown = "slow_down"
    }

    public let reason: Reason
    public var code: String { reason.rawValue }
    public let description: String
    /// Seconds until another try may succeed (`slow_down` only).
    public let retryAfterSeconds: Int?
}

extension AccessControl {
    /// Checks a client's id and secret (with the failed-attempt throttles) and signs a token for the requested scopes
    /// (all of the client's when `requestedScope` is nil): the token endpoint and the console's sign-in both call it.
    public func exchangeClientCredentials(
        clientId: String, secret: String, requestedScope: String?, from address: String?
    ) async throws -> Result<IssuedToken, ExchangeRefusal> {
        let now = Self.now()
        let addressKey = address.map { "address:" + $0 }
        let clientKey = "client:" + clientId
        if let wait = [failedByClient.lockedFor(clientKey, now: now), addressKey.flatMap { failedByAddress.lockedFor($0, now: now) }]
            .compactMap({ $0 }).max() {
            return .failure(ExchangeRefusal(reason: .slowDown, description: "too many failed client authentications; retry in \(wait) s", retryAfterSeconds: Int(wait)))
        }
        guard let client = try store.client(id: clientId), client.status == .active,
              ClientSecret(salt: client.secretSalt, hash: client.secretHash).matches(secret)
        else {
            failedByClient.recordFailure(clientKey, now: now)
            if let addressKey { failedByAddress.recordFailure(addressKey, now: now) }
            return .failure(ExchangeRefusal(reason: .invalidClient, description: "client authentication failed", retryAfterSeconds: nil))
        }
        var scopes = client.scopes
        if let requestedScope {
            let wanted = AccessScope.parse(requestedScope)
            guard !wanted.isEmpty, wanted.allSatisfy({ AccessScope.allows(Set(client.scopes), $0) }) else {
                return .failure(ExchangeRefusal(reason: .invalidScope, description: "the client may not request that scope", retryAfterSeconds: nil))
            }
            scopes = wanted
        }
        let claims = issuer.claims(clientId: client.clientId, tenant: client.tenant, scopes: scopes, now: Self.now())
        let token = try issuer.sign(claims, with: try await currentSigningKey())
        return .success(
            IssuedToken(token: token, clientId: client.clientId, tenant: client.tenant, scopes: scopes, expiresInSeconds: configuration.tokenLifetimeSeconds)
        )
    }
}
