import CanonicalModel
import Foundation
import Storage

/// Why a set-aside event was not delivered again.
public enum RedeliveryRefusal: Error, Sendable {
    /// No such subscription, failure or event for the tenant.
    case notFound(String)
    /// The subscriber refused it again (with what it said).
    case refused(String)
}

extension SubscriptionDelivery {
    /// Sends a set-aside event of a subscription again and, once the subscriber accepts it, marks the failure
    /// redelivered, audited under `actor`; returns the event id.
    public func redeliver(
        failureId: Int64, subscriptionId: String, tenant: String, actor: String, store: any StorageBackend
    ) async throws -> Result<String, RedeliveryRefusal> {
        guard let subscription = try store.subscription(id: subscriptionId, tenant: tenant) else { return .failure(.notFound("subscription \(subscriptionId)")) }
        guard let failure = try store.subscriptionFailures(id: subscriptionId, tenant: tenant).first(where: { $0.id == failureId }) else {
            return .failure(.notFound("failure \(failureId)"))
        }
        guard let event = try store.event(tenant: tenant, position: failure.position) else { return .failure(.notFound("event \(failure.eventId)")) }
        if let error = await deliver(event, to: subscription) { return .failure(.refused(error)) }
        try await store.markSubscriptionFailureRedelivered(id: failureId)
        try await store.audit(
            AuditEntry(
                tenant: tenant, actor: actor, action: "subscription.redeliver", target: subscriptionId, before: nil,
                after: JSONString.quoted(failure.eventId), at: Timestamp.format(Date())
            )
        )
        return .success(failure.eventId)
    }
}
