import Access

/// Who a request acts as once access checks passed.
public struct Principal: Sendable {
    public let clientId: String
    public let tenant: String
    public let scopes: Set<String>

    /// Creates a Principal from its parts.
    public init(clientId: String, tenant: String, scopes: Set<String>) {
        self.clientId = clientId
        self.tenant = tenant
        self.scopes = scopes
    }

    /// True when personal data may be shown unmasked.
    public var mayReadPersonalData: Bool { scopes.contains(AccessScope.piiRead) }
}
