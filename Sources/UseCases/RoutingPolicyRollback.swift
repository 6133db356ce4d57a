import CanonicalModel
import Foundation
import Routing
import Storage

/// Why a routing policy version was not made active again.
public enum PolicyRollbackRefusal: Error, Sendable {
    case unknownVersion(Int64)
    /// The stored text no longer loads (with why).
    case doesNotLoad(String)
}

extension RoutingCore {
    /// Makes stored routing policy `version` active again for `actor`, audited, and routes by it from now on.
    public func rollbackPolicy(to version: Int64, tenant: String, actor: String) async throws -> Result<RoutingPolicyVersion, PolicyRollbackRefusal> {
        let versions = try store.routingPolicyVersions()
        guard let stored = versions.first(where: { $0.version == version }) else { return .failure(.unknownVersion(version)) }
        let policy: RoutingPolicy
        do {
            policy = try RoutingPolicyLoader.parse(stored.source, file: "policy-v\(version).yaml")
        } catch {
            return .failure(.doesNotLoad("\(error)"))
        }
        let active = try await store.activateRoutingPolicy(
            version: version, by: actor,
            audit: AuditEntry(
                tenant: tenant, actor: actor, action: "routing.policy_rollback", target: "v\(version)",
                before: versions.first { $0.active }.map { String($0.version) }, after: String(version), at: Timestamp.format(Date())
            )
        )
        engine.replacePolicy(policy)
        return .success(active)
    }
}
