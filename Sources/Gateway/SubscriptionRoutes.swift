import UseCases
import Access
import CanonicalModel
import Foundation
import Hummingbird
import Storage

/// `/v1/admin/subscriptions…`: downstream systems subscribing to canonical events, their failures and redelivery.
struct SubscriptionRoutes {
    let store: any StorageBackend
    let delivery: SubscriptionDelivery

    func register(on router: DeclaredRouter) {
        router.get("/v1/admin/subscriptions", .admin(.admin)) { _, context in
            Response.json("{\"subscriptions\":[" + (try store.subscriptions(tenant: context.tenant)).map(Self.describe).joined(separator: ",") + "]}")
        }
        router.post("/v1/admin/subscriptions", .admin(.admin)) { request, context in
            try await create(request, context: context)
        }
        router.delete("/v1/admin/subscriptions/:id", .admin(.admin)) { _, context in
            let id = try context.parameters.require("id")
            try await store.deleteSubscription(id: id, tenant: context.tenant, audit: audit(context, "subscription.delete", id, after: nil))
            return Response(status: .noContent)
        }
        for (action, status) in [("pause", SubscriptionStatus.paused), ("resume", .active)] {
            router.post("/v1/admin/subscriptions/:id/\(action)", .admin(.admin)) { _, context in
                let id = try context.parameters.require("id")
                try await store.updateSubscription(
                    id: id, tenant: context.tenant, status: status, cursor: nil, audit: audit(context, "subscription.\(action)", id, after: JSONText.quoted(status.rawValue))
                )
                return Response.json(Self.describe(try found(id, context)))
            }
        }
        router.post("/v1/admin/subscriptions/:id/rewind", .admin(.admin)) { request, context in
            let id = try context.parameters.require("id")
            let body = try await AdminRoutes.jsonObject(request)
            guard let after = (body["after"] as? NSNumber)?.int64Value, after >= 0 else {
                throw APIError(.unprocessableContent, code: "invalid_field", message: "after is a feed position ≥ 0", field: "after")
            }
            // A worker delivering meanwhile would move the cursor forward again; rewinding a paused subscription is exact.
            guard try found(id, context).status == .paused else {
                throw APIError(.conflict, code: "subscription_active", message: "pause the subscription before rewinding it", field: "status")
            }
            try await store.updateSubscription(
                id: id, tenant: context.tenant, status: nil, cursor: after, audit: audit(context, "subscription.rewind", id, after: String(after))
            )
            return Response.json(Self.describe(try found(id, context)))
        }
        router.get("/v1/admin/subscriptions/:id/failures", .admin(.admin)) { _, context in
            let id = try context.parameters.require("id")
            _ = try found(id, context)
            let failures = try store.subscriptionFailures(id: id, tenant: context.tenant)
            return Response.json("{\"failures\":[" + failures.map(Self.describe).joined(separator: ",") + "]}")
        }
        router.post("/v1/admin/subscriptions/:id/failures/:failure/redeliver", .admin(.admin)) { _, context in
            try await redeliver(context)
        }
    }

    func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try await AdminRoutes.jsonObject(request)
        guard let url = body["url"] as? String, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "url must be an http or https URL", field: "url")
        }
        guard body["eventTypes"] == nil || body["eventTypes"] is [String] else {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "eventTypes is a list of event type names", field: "eventTypes")
        }
        guard body["channels"] == nil || body["channels"] is [String] else {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "channels is a list of channel names", field: "channels")
        }
        let types = body["eventTypes"] as? [String] ?? []
        if let unknown = types.first(where: { EventType(rawValue: $0) == nil }) {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "unknown event type \(unknown)", field: "eventTypes")
        }
        let includePersonalData = body["includePersonalData"] as? Bool ?? false
        if includePersonalData, context.principal?.mayReadPersonalData == false {
            throw APIError(.forbidden, code: "insufficient_scope", message: "delivering personal data needs the pii:read scope", field: "includePersonalData")
        }
        let fromStart = body["fromStart"] as? Bool ?? false
        let secret = ClientSecret.randomBytes(32)
        let now = Timestamp.format(Date())
        let subscription = SubscriptionRecord(
            id: "sub_" + ClientSecret.randomBytes(8).map { String(format: "%02x", $0) }.joined(), tenant: context.tenant, url: url,
            eventTypes: types, channels: body["channels"] as? [String] ?? [], secret: secret, includePersonalData: includePersonalData,
            status: .active, cursor: fromStart ? 0 : try store.latestPosition(tenant: context.tenant), createdAt: now, updatedAt: now
        )
        try await store.createSubscription(subscription, audit: audit(context, "subscription.create", subscription.id, after: Self.describe(subscription)))
        let text = Self.describe(subscription).dropLast() + ",\"secret\":" + JSONText.quoted(Data(secret).base64EncodedString()) + "}"
        return Response.json(String(text), status: .created, headers: [.cacheControl: "no-store"])
    }

    func redeliver(_ context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let failureId = try context.parameters.require("failure", as: Int64.self)
        switch try await delivery.redeliver(
            failureId: failureId, subscriptionId: id, tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", store: store
        ) {
        case .success(let eventId):
            return Response.json("{\"redelivered\":" + JSONText.quoted(eventId) + "}")
        case .failure(.notFound(let what)):
            throw APIError.notFound(what)
        case .failure(.refused(let error)):
            throw APIError(.badGateway, code: "delivery_failed", message: "the subscriber did not accept the event: \(error)", field: "url")
        }
    }

    func found(_ id: String, _ context: GatewayRequestContext) throws -> SubscriptionRecord {
        guard let subscription = try store.subscription(id: id, tenant: context.tenant) else { throw APIError.notFound("subscription \(id)") }
        return subscription
    }

    func audit(_ context: GatewayRequestContext, _ action: String, _ target: String, after: String?) -> AuditEntry {
        AuditEntry(
            tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", action: action, target: target, before: nil, after: after,
            at: Timestamp.format(Date())
        )
    }

    /// The subscription as JSON, without its secret.
    static func describe(_ subscription: SubscriptionRecord) -> String {
        "{\"id\":" + JSONText.quoted(subscription.id) + ",\"url\":" + JSONText.quoted(subscription.url) + ",\"eventTypes\":["
            + subscription.eventTypes.map(JSONText.quoted).joined(separator: ",") + "],\"channels\":["
            + subscription.channels.map(JSONText.quoted).joined(separator: ",") + "],\"includePersonalData\":"
            + String(subscription.includePersonalData) + ",\"status\":" + JSONText.quoted(subscription.status.rawValue) + ",\"cursor\":"
            + JSONText.quoted(String(subscription.cursor)) + ",\"attempts\":" + String(subscription.attempts) + ",\"lastError\":"
            + (subscription.lastError.map(JSONText.quoted) ?? "null") + ",\"lastDeliveredAt\":"
            + (subscription.lastDeliveredAt.map(JSONText.quoted) ?? "null") + ",\"createdAt\":" + JSONText.quoted(subscription.createdAt) + "}"
    }

    static func describe(_ failure: SubscriptionFailure) -> String {
        "{\"id\":" + String(failure.id) + ",\"position\":" + JSONText.quoted(String(failure.position)) + ",\"eventId\":"
            + JSONText.quoted(failure.eventId) + ",\"attempts\":" + String(failure.attempts) + ",\"error\":" + JSONText.quoted(failure.error)
            + ",\"status\":" + JSONText.quoted(failure.status.rawValue) + ",\"createdAt\":" + JSONText.quoted(failure.createdAt) + "}"
    }
}
