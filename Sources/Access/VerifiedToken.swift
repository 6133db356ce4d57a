/// A token whose signature and claims checked out: who is calling, for which tenant, with which scopes.
public struct VerifiedToken: Sendable, Equatable {
    public let clientId: String
    public let tenant: String
    public let scopes: Set<String>
    public let expiresAt: Int64
    public let issuer: String

    /// Creates a VerifiedToken from its parts.
    public init(clientId: String, tenant: String, scopes: Set<String>, expiresAt: Int64, issuer: String) {
        self.clientId = clientId
        self.tenant = tenant
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.issuer = issuer
    }

    /// True when the token carries `scope` (or the write-any-channel scope for a channel write).
    public func allows(_ scope: String) -> Bool { AccessScope.allows(scopes, scope) }
}
