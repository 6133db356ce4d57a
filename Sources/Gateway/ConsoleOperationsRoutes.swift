import Access
import CanonicalModel
import Console
import Foundation
import Storage
import UseCases

/// The console's operations screen: subscriptions (pause, resume), the outbox (retry), clients, rate limits, audit.
struct ConsoleOperationsRoutes {
    let services: ChannelGateServices

    static let auditPageSize = 100

    func register(on console: ConsoleRouter) {
        console.get("/console/operations", scope: AccessScope.admin) { call in
            .page("operations", try page(call), title: "Operations", section: .operations)
        }
        for (action, status) in [("pause", SubscriptionStatus.paused), ("resume", .active)] {
            console.post("/console/operations/subscriptions/:id/\(action)", scope: AccessScope.admin) { call in
                let id = call.parameter("id")
                guard try services.store.subscription(id: id, tenant: call.session.tenant) != nil else {
                    throw ConsoleFailure(status: .notFound, code: "not_found", message: "no subscription \(id)")
                }
                try await services.store.updateSubscription(
                    id: id, tenant: call.session.tenant, status: status, cursor: nil,
                    audit: AuditEntry(
                        tenant: call.session.tenant, actor: call.session.clientId, action: "subscription.\(action)", target: id, before: nil,
                        after: JSONString.quoted(status.rawValue), at: Timestamp.format(Date())
                    )
                )
                return .page("operations", try page(call), title: "Operations", section: .operations, ok: "Subscription \(id) is \(status.rawValue).")
            }
        }
        console.post("/console/operations/subscriptions/:id/failures/:failure/redeliver", scope: AccessScope.admin) { call in
            guard let failure = Int64(call.parameter("failure")) else {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "failure ids are integers")
            }
            switch try await services.delivery.redeliver(
                failureId: failure, subscriptionId: call.parameter("id"), tenant: call.session.tenant, actor: call.session.clientId, store: services.store
            ) {
            case .success(let eventId):
                return .page("operations", try page(call), title: "Operations", section: .operations, ok: "Event \(eventId) was delivered again.")
            case .failure(.notFound(let what)):
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no \(what)")
            case .failure(.refused(let error)):
                return .page(
                    "operations", try page(call), title: "Operations", section: .operations, error: "The subscriber refused it again: \(error)",
                    status: .badGateway
                )
            }
        }
        console.post("/console/operations/outbox/:id/retry", scope: AccessScope.admin) { call in
            guard let id = Int64(call.parameter("id")) else {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "outbox ids are integers")
            }
            try await services.store.retryOutboxEntry(
                tenant: call.session.tenant, id: id,
                audit: AuditEntry(
                    tenant: call.session.tenant, actor: call.session.clientId, action: "outbox.retry", target: String(id),
                    before: JSONString.quoted("failed"), after: JSONString.quoted("pending"), at: Timestamp.format(Date())
                )
            )
            return .page("operations", try page(call), title: "Operations", section: .operations, ok: "Outbox entry \(id) will be sent again.")
        }
    }

    func page(_ call: ConsoleCall) throws -> OperationsPage {
        let tenant = call.session.tenant
        let failed = try services.store.outboxEntries(tenant: tenant, status: .failed, after: 0, limit: 50)
        let pending = try services.store.outboxEntries(tenant: tenant, status: .pending, after: 0, limit: 50)
        return OperationsPage(
            subscriptions: try services.store.subscriptions(tenant: tenant).map { record in
                (record, try services.store.subscriptionFailures(id: record.id, tenant: tenant))
            },
            outbox: failed + pending, clients: try services.store.clients(tenant: tenant),
            limits: try services.store.rateLimitOverrides(),
            audit: try services.store.recentAuditEntries(
                tenant: tenant, before: call.query.string("auditBefore") == nil ? nil : try call.query.integer("auditBefore", default: 0, range: 1...Int64.max),
                limit: Self.auditPageSize
            ),
            auditPageSize: Self.auditPageSize, mayChange: true
        )
    }
}
