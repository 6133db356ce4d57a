import Foundation

/// Versions of the routing policy published at runtime, and which one is active.
public protocol RoutingPolicyStore: AnyObject, Sendable {
    /// Stores `source` as the next policy version and makes it active, recording `audit`.
    func publishRoutingPolicy(source: String, author: String, diff: String, audit: AuditEntry) async throws -> RoutingPolicyVersion

    /// Makes `version` the active policy, recording `audit`.
    func activateRoutingPolicy(version: Int64, by author: String, audit: AuditEntry) async throws -> RoutingPolicyVersion

    /// Every stored policy version, newest first.
    func routingPolicyVersions() throws(StoreError) -> [RoutingPolicyVersion]
}
