import UseCases
import Access
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage

/// Sheds load beyond the in-flight bound, authenticates every non-public request (bearer token or signed webhook),
/// checks the route's scope and applies rate limits per client, channel and route.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let access: AccessControl
    /// What each route declared it requires.
    let routes: RouteCatalog
    let maxBodyBytes: Int
    let defaultTenant: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let declared = routes.access(request.method, endpointPath: context.endpointPath)
        let requirement = declared.requirement
        // Probes and metrics are never shed: an overloaded gateway must still say so.
        if requirement == .probe { return try await next(request, context) }
        try Self.enter(access.inFlight)
        defer { access.inFlight.leave() }
        let route = declared.limit.rawValue
        if requirement == .open || requirement == .console || !access.configuration.required {
            if let routeLimit = access.limit(kind: "route", name: route) {
                _ = try admit(key: "route:" + route, limit: routeLimit, field: "route")
            }
            // The token endpoint reads its body before it knows the caller: such requests share a small part of the slots.
            guard requirement == .open else { return try await next(request, context) }
            try Self.enter(access.unauthenticatedInFlight)
            defer { access.unauthenticatedInFlight.leave() }
            return try await next(request, context)
        }
        var context = context
        var request = request
        var webhookDelivery: (channel: String, id: String)?
        let decision: RateDecision
        let channel = context.parameters.get("channel") ?? ""
        if case .channelWrite(true) = requirement, request.headers[.authorization] == nil,
           let rule = access.configuration.webhooks[channel] {
            // The body is read before the signature is checked: an unauthenticated slot until then.
            try Self.enter(access.unauthenticatedInFlight)
            do {
                (request, webhookDelivery) = try await verifyWebhook(request, channel: channel, rule: rule)
                access.unauthenticatedInFlight.leave()
            } catch {
                access.unauthenticatedInFlight.leave()
                throw error
            }
            context.principal = Principal(clientId: "webhook:" + channel, tenant: rule.tenant ?? defaultTenant, scopes: [AccessScope.ordersWrite(channel)])
            decision = try admit(key: "channel:" + channel, limit: access.limit(kind: "channel", name: channel) ?? access.configuration.clientLimit, field: "channel")
        } else {
            let token = try await authenticate(request)
            try authorize(token, requirement, channel: channel)
            context.principal = Principal(clientId: token.clientId, tenant: token.tenant, scopes: token.scopes)
            decision = try admit(key: "client:" + token.clientId, limit: access.limit(kind: "client", name: token.clientId) ?? access.configuration.clientLimit, field: "client")
            if case .channelWrite = requirement, let channelLimit = access.limit(kind: "channel", name: channel) {
                _ = try admit(key: "channel:" + channel, limit: channelLimit, field: "channel")
            }
        }
        if let routeLimit = access.limit(kind: "route", name: route) {
            _ = try admit(key: "route:" + route, limit: routeLimit, field: "route")
        }
        do {
            var response = try await next(request, context)
            if let delivery = webhookDelivery, response.status.code >= 300 {
                await access.replays.forget(channel: delivery.channel, id: delivery.id)
            }
            Self.addRateHeaders(decision, to: &response.headers)
            return response
        } catch {
            if let delivery = webhookDelivery { await access.replays.forget(channel: delivery.channel, id: delivery.id) }
            throw error
        }
    }

    /// Takes a slot of `limiter`, or throws 503 `overloaded`.
    static func enter(_ limiter: InFlightLimiter) throws {
        guard limiter.tryEnter() else {
            throw APIError(.serviceUnavailable, code: "overloaded", message: "too many requests in flight; retry shortly", headers: [.retryAfter: "1"])
        }
    }

    /// The verified bearer token of `request`, or 401 with `WWW-Authenticate` (RFC 6750 §3).
    func authenticate(_ request: Request) async throws -> VerifiedToken {
        guard let header = request.headers[.authorization] else {
            throw APIError(
                .unauthorized, code: "missing_token", message: "this route needs a bearer token from POST /oauth/token", field: "Authorization",
                headers: [.wwwAuthenticate: #"Bearer realm="channelgate""#]
            )
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError(
                .unauthorized, code: "invalid_token", message: "the Authorization header must be Bearer <token>", field: "Authorization",
                headers: [.wwwAuthenticate: #"Bearer realm="channelgate", error="invalid_request""#]
            )
        }
        do throws(TokenError) {
            return try await access.verifier.verify(String(header.dropFirst(7)), now: AccessControl.now())
        } catch {
            throw APIError(
                .unauthorized, code: "invalid_token", message: "the bearer token is not valid: \(error.description)", field: "Authorization",
                headers: [.wwwAuthenticate: #"Bearer realm="channelgate", error="invalid_token", error_description="\#(error.reason.rawValue)""#]
            )
        }
    }

    func authorize(_ token: VerifiedToken, _ requirement: RouteRequirement, channel: String) throws {
        let needed: String
        switch requirement {
        case .open, .probe, .console: return
        case .scope(let scope): needed = scope
        case .channelWrite: needed = AccessScope.ordersWrite(channel)
        }
        guard token.allows(needed) else {
            throw APIError(
                .forbidden, code: "insufficient_scope", message: "the token lacks the scope \(needed)", field: "scope",
                headers: [.wwwAuthenticate: #"Bearer realm="channelgate", error="insufficient_scope", scope="\#(needed)""#]
            )
        }
    }

    /// Admits one request under `limit` for `key`, or throws 429 with `Retry-After` and `RateLimit-*` headers.
    func admit(key: String, limit: RateLimit, field: String) throws -> RateDecision {
        let decision = access.limiter.admit(key: key, limit: limit, now: Date().timeIntervalSince1970)
        guard decision.allowed else {
            var headers: HTTPFields = [.retryAfter: String(decision.retryAfterSeconds)]
            Self.addRateHeaders(decision, to: &headers)
            throw APIError(.tooManyRequests, code: "rate_limited", message: "the \(field) rate limit is exhausted; retry later", field: field, headers: headers)
        }
        return decision
    }

    static func addRateHeaders(_ decision: RateDecision, to headers: inout HTTPFields) {
        headers[.rateLimitLimit] = String(decision.limit)
        headers[.rateLimitRemaining] = String(decision.remaining)
        headers[.rateLimitReset] = String(decision.resetSeconds)
    }

    /// Reads the body, checks the channel's webhook signature and replay window, and hands back a request with the body restored.
    func verifyWebhook(
        _ request: Request, channel: String, rule: AccessConfiguration.WebhookRule
    ) async throws -> (Request, (channel: String, id: String)?) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is larger than \(maxBodyBytes) bytes")
        }
        request.body = RequestBody(buffer: buffer)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        let signed = SignedRequest(headers: headers, query: query, body: Array(buffer.readableBytesView))
        let now = AccessControl.now()
        let verified: String?
        do throws(WebhookError) {
            verified = try rule.signature.verify(signed, now: now)
        } catch {
            throw APIError(.unauthorized, code: error.code.rawValue, message: error.message, field: error.field)
        }
        guard let id = verified else { return (request, nil) }
        // The ledger is shared by every replica on one store: a delivery seen by one is a replay at the others.
        let first: Bool
        do {
            first = try await access.replays.firstSighting(channel: channel, id: id, now: now, window: Int64(rule.signature.toleranceSeconds))
        } catch let error as StoreError {
            throw error.apiError(retryAfterSeconds: 1)
        }
        guard first else {
            let replay = WebhookError(.replay, "this delivery was already received", field: rule.signature.messageIdHeader ?? "sign")
            throw APIError(.conflict, code: replay.code.rawValue, message: replay.message, field: replay.field)
        }
        return (request, (channel, id))
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("RateLimit-Limit")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let rateLimitReset = Self("RateLimit-Reset")!
}
