import CanonicalModel
import Foundation
import Routing
import Storage

/// Why a review action was refused.
public enum RoutingReviewRefusal: Error, Sendable {
    /// No routing decision of the tenant has that order id.
    case unknownOrder(String)
    /// The engine refused (the order is not held, or the override cannot be filled).
    case refused(String)
}

extension RoutingCore {
    /// Approves a held decision, or overrides it to `override`'s nodes: recorded as events and audited with `actor`.
    public func review(
        orderId: String, tenant: String, actor: String, override: (nodes: [String], reason: String?)?
    ) async throws -> Result<ReviewOutcome, RoutingReviewRefusal> {
        guard engine.decision(orderId: orderId)?.tenant == tenant else { return .failure(.unknownOrder(orderId)) }
        let outcome: ReviewOutcome
        do {
            if let override {
                outcome = try engine.override(orderId: orderId, to: override.nodes, by: actor, reason: override.reason)
            } else {
                outcome = try engine.approve(orderId: orderId, by: actor)
            }
        } catch let error as RoutingError {
            return .failure(.refused("\(error)"))
        }
        if let reroute = outcome.reroute {
            await record(reroutes: [reroute])
        } else {
            await record([outcome.decision], as: .orderRouted)
        }
        try await store.audit(
            AuditEntry(
                tenant: tenant, actor: actor, action: override == nil ? "routing.approve" : "routing.override", target: orderId,
                before: Self.json(outcome.audit.beforeNodeIds), after: Self.json(outcome.audit.afterNodeIds), at: Timestamp.format(Date())
            )
        )
        return .success(outcome)
    }
}
