import UseCases
import Access
import CanonicalModel
import Foundation
import Hummingbird
import Storage

/// `/v1/admin/…`: clients, rate limits, signing-key rotation and the audit log; every change is audited.
struct AdminRoutes {
    let access: AccessControl
    let store: any StorageBackend
    let configuration: GatewayConfiguration

    var registry: ClientRegistry { ClientRegistry(store: store) }

    func register(on router: DeclaredRouter) {
        router.get("/v1/admin/clients", .admin(.admin)) { _, context in
            let clients = try store.clients(tenant: context.tenant)
            return Response.json("{\"clients\":[" + clients.map(ClientRegistry.describe).joined(separator: ",") + "]}")
        }
        router.post("/v1/admin/clients", .admin(.admin)) { request, context in
            let body = try await Self.jsonObject(request)
            guard let name = body["name"] as? String, !name.isEmpty else { throw APIError(.unprocessableContent, code: "missing_field", message: "name is required", field: "name") }
            guard let scopes = body["scopes"] as? [String], !scopes.isEmpty else {
                throw APIError(.unprocessableContent, code: "missing_field", message: "scopes is a non-empty list", field: "scopes")
            }
            let created = try await mapped { try await registry.create(tenant: context.tenant, name: name, scopes: scopes, clientId: body["clientId"] as? String, actor: actor(context)) }
            let answer = ClientRegistry.describe(created.client).dropLast() + ",\"clientSecret\":" + JSONText.quoted(created.secret) + "}"
            return Response.json(String(answer), status: .created, headers: [.cacheControl: "no-store"])
        }
        router.post("/v1/admin/clients/:id/rotate-secret", .admin(.admin)) { _, context in
            let id = try context.parameters.require("id")
            let secret = try await mapped { try await registry.rotateSecret(clientId: id, tenant: context.tenant, actor: actor(context)) }
            return Response.json("{\"clientId\":" + JSONText.quoted(id) + ",\"clientSecret\":" + JSONText.quoted(secret) + "}", headers: [.cacheControl: "no-store"])
        }
        for (action, active) in [("disable", false), ("enable", true)] {
            router.post("/v1/admin/clients/:id/\(action)", .admin(.admin)) { _, context in
                let id = try context.parameters.require("id")
                let client = try await mapped { try await registry.setStatus(clientId: id, tenant: context.tenant, active: active, actor: actor(context)) }
                try access.reloadDisabledClients()
                return Response.json(ClientRegistry.describe(client))
            }
        }
        router.get("/v1/admin/rate-limits", .admin(.admin)) { _, _ in
            Response.json(rateLimitsDocument())
        }
        router.put("/v1/admin/rate-limits/:kind/:name", .admin(.admin)) { request, context in
            try await changeLimit(request, context: context, remove: false)
        }
        router.delete("/v1/admin/rate-limits/:kind/:name", .admin(.admin)) { request, context in
            try await changeLimit(request, context: context, remove: true)
        }
        router.post("/v1/admin/signing-keys/rotate", .admin(.admin)) { _, context in
            try await access.rotateSigningKey(actor: actor(context), tenant: context.tenant)
            return Response.json(access.jwksDocument)
        }
        router.get("/v1/admin/audit", .admin(.admin)) { request, context in
            let query = QueryParameters(request: request)
            let entries = try store.auditLog(
                tenant: context.tenant, after: try query.integer("after", default: 0, range: 0...Int64.max),
                limit: Int(try query.integer("limit", default: 100, range: 1...1000))
            )
            return Response.json("{\"entries\":[" + entries.map(Self.describe).joined(separator: ",") + "]}")
        }
    }

    func actor(_ context: GatewayRequestContext) -> String { context.principal?.clientId ?? "anonymous" }

    func changeLimit(_ request: Request, context: GatewayRequestContext, remove: Bool) async throws -> Response {
        let kind = try context.parameters.require("kind")
        let name = try context.parameters.require("name")
        guard ["client", "channel", "route"].contains(kind) else {
            throw APIError(.notFound, code: "not_found", message: "rate-limit kinds are client, channel and route", field: "kind")
        }
        if kind == "route", RateLimitKey(rawValue: name) == nil {
            let names = RateLimitKey.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError(.notFound, code: "not_found", message: "route limits are named \(names)", field: "name")
        }
        if kind == "client" {
            guard try store.client(id: name)?.tenant == context.tenant else { throw APIError.notFound("client \(name)") }
        } else if context.tenant != configuration.defaultTenant {
            throw APIError(.forbidden, code: "insufficient_scope", message: "channel and route limits are install-wide; only the install's tenant changes them")
        }
        var limit = RateLimit(rate: 0, burst: 0)
        if !remove {
            let body = try await Self.jsonObject(request)
            guard let rate = (body["rate"] as? NSNumber)?.doubleValue, rate > 0, rate.isFinite else {
                throw APIError(.unprocessableContent, code: "invalid_field", message: "rate is requests per second > 0", field: "rate")
            }
            guard let burst = (body["burst"] as? NSNumber)?.intValue, burst >= 1 else {
                throw APIError(.unprocessableContent, code: "invalid_field", message: "burst is an integer ≥ 1", field: "burst")
            }
            limit = RateLimit(rate: rate, burst: burst)
        }
        let before = access.limit(kind: kind, name: name)
        let after = remove ? nil : limit
        try await store.setRateLimitOverride(
            RateLimitOverride(kind: kind, name: name, rate: limit.rate, burst: limit.burst), remove: remove,
            audit: AuditEntry(
                tenant: context.tenant, actor: actor(context), action: remove ? "rate_limit.remove" : "rate_limit.set", target: kind + ":" + name,
                before: before.map(Self.describe), after: after.map(Self.describe), at: Timestamp.format(Date())
            )
        )
        try access.reloadOverrides()
        return Response.json(rateLimitsDocument())
    }

    func rateLimitsDocument() -> String {
        let section = { (limits: [String: RateLimit]) in
            "{" + limits.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + Self.describe($0.value) }.joined(separator: ",") + "}"
        }
        let settings = access.configuration
        return "{\"client\":" + Self.describe(settings.clientLimit) + ",\"clients\":" + section(settings.clientLimits) + ",\"channels\":"
            + section(settings.channelLimits) + ",\"routes\":" + section(settings.routeLimits) + ",\"overrides\":" + section(access.currentOverrides())
            + ",\"maxInFlight\":" + String(settings.maxInFlight) + "}"
    }

    static func describe(_ limit: RateLimit) -> String {
        "{\"rate\":" + String(limit.rate) + ",\"burst\":" + String(limit.burst) + "}"
    }

    static func describe(_ entry: AuditEntry) -> String {
        "{\"id\":" + String(entry.id) + ",\"actor\":" + JSONText.quoted(entry.actor) + ",\"action\":" + JSONText.quoted(entry.action)
            + ",\"target\":" + JSONText.quoted(entry.target) + ",\"before\":" + (entry.before ?? "null") + ",\"after\":" + (entry.after ?? "null")
            + ",\"at\":" + JSONText.quoted(entry.at) + "}"
    }

    /// The request body as a JSON object, or 400/415.
    static func jsonObject(_ request: Request) async throws -> [String: Any] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send application/json")
        }
        let buffer = try await request.body.collect(upTo: 64 << 10)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw APIError(.badRequest, code: "invalid_json", message: "the body must be a JSON object")
        }
        return object
    }

    /// Runs a client change, turning registry and store errors into API errors.
    func mapped<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as ClientRegistryError {
            throw APIError(.unprocessableContent, code: error.code, message: error.message, field: error.field)
        } catch let error as StoreError {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }
}
