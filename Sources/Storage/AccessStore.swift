import Foundation

/// API clients, token-signing keys and runtime rate-limit overrides.
public protocol AccessStore: AnyObject, Sendable {
    /// Stores a new client, recording `audit`; conflict when the id exists.
    func createClient(_ client: ClientRecord, audit: AuditEntry) async throws

    /// Changes client `id` (of `tenant` when given) with `change`, recording `audit`; returns it before and after.
    func updateClient(
        id: String, tenant: String?, audit: AuditEntry, _ change: @escaping @Sendable (inout ClientRecord) -> Void
    ) async throws -> (before: ClientRecord, after: ClientRecord)

    /// One client, or nil.
    func client(id: String) throws(StoreError) -> ClientRecord?

    /// Clients of `tenant`, or of every tenant when nil.
    func clients(tenant: String?) throws(StoreError) -> [ClientRecord]

    /// Token-signing keys, newest first.
    func signingKeys() throws(StoreError) -> [SigningKeyRecord]

    /// Retires the current signing key for `key`, dropping keys retired before `dropRetiredBefore`.
    func rotateSigningKey(to key: SigningKeyRecord, dropRetiredBefore: Int64, audit: AuditEntry?) async throws

    /// Replaces stored key material (resealed under a new key-encryption key).
    func replaceSigningKeyBlobs(_ blobs: [(kid: String, privateKey: [UInt8])]) async throws

    /// Rate limits changed at runtime.
    func rateLimitOverrides() throws(StoreError) -> [RateLimitOverride]

    /// Sets (or with `remove`, drops) a rate-limit override, recording `audit`.
    func setRateLimitOverride(_ override: RateLimitOverride, remove: Bool, audit: AuditEntry) async throws
}
