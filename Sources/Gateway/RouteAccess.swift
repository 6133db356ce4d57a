import Access
import HTTPTypes
import Hummingbird
import Synchronization

/// The name a route's rate limit and its runtime overrides go by (`PUT /v1/admin/rate-limits/route/{name}`).
enum RateLimitKey: String, CaseIterable, Sendable {
    case ingest
    case batch
    case orders
    case events
    case deadLetters = "dead-letters"
    case mappings
    case admin
    case token
    case other
}

/// What a route requires of its caller.
enum RouteRequirement: Equatable, Sendable {
    /// Health and readiness probes and metrics: open, and never shed.
    case probe
    /// The token endpoint and the JWKS.
    case open
    /// A bearer token with `scope`.
    case scope(String)
    /// A console page or action: no bearer token, the console checks its session cookie, scope and form token itself.
    case console
    /// A bearer token that may write to the route's `{channel}` or, where the channel signs webhooks and
    /// `signedWebhookAllowed`, a valid signature.
    case channelWrite(signedWebhookAllowed: Bool)
}

/// A route's access declaration, made where the route is registered: what it requires and the rate limit it counts against.
struct RouteAccess: Equatable, Sendable {
    let requirement: RouteRequirement
    let limit: RateLimitKey

    static let probe = RouteAccess(requirement: .probe, limit: .other)
    /// Reading orders, mappings, channels, routing and forecasts.
    static func read(_ limit: RateLimitKey) -> RouteAccess { RouteAccess(requirement: .scope(AccessScope.ordersRead), limit: limit) }
    /// Changes only administrators make.
    static func admin(_ limit: RateLimitKey) -> RouteAccess { RouteAccess(requirement: .scope(AccessScope.admin), limit: limit) }
    /// Anything not declared (an unknown path or method): only administrators get past, even to a 404.
    static let undeclared = admin(.other)
}

/// Every registered route's access declaration, found by method and route pattern once routing matched a request.
final class RouteCatalog: Sendable {
    private let entries = Mutex<[String: RouteAccess]>([:])

    /// Records `access` for `method` on the route pattern `path`.
    func declare(_ method: HTTPRequest.Method, _ path: RouterPath, _ access: RouteAccess) {
        entries.withLock { $0[Self.key(method, path.description)] = access }
    }

    /// The declaration of the route a request matched (`endpointPath` as Hummingbird reports it), or ``RouteAccess/undeclared``.
    func access(_ method: HTTPRequest.Method, endpointPath: String?) -> RouteAccess {
        guard let endpointPath else { return .undeclared }
        return entries.withLock { $0[Self.key(method, endpointPath)] } ?? .undeclared
    }

    private static func key(_ method: HTTPRequest.Method, _ pattern: String) -> String { method.rawValue + " " + pattern }
}

/// Registers routes together with their access declaration, so a route cannot be added without saying who may call it.
struct DeclaredRouter {
    let router: Router<GatewayRequestContext>
    let catalog: RouteCatalog

    /// Registers `handler` for `method` on `path`, requiring `access`.
    func on<Output: ResponseGenerator>(
        _ path: String, method: HTTPRequest.Method, _ access: RouteAccess,
        use handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Output
    ) {
        let routerPath = RouterPath(path)
        catalog.declare(method, routerPath, access)
        router.on(routerPath, method: method, use: handler)
    }

    /// Registers a GET route.
    func get<Output: ResponseGenerator>(
        _ path: String, _ access: RouteAccess, use handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Output
    ) { on(path, method: .get, access, use: handler) }

    /// Registers a POST route.
    func post<Output: ResponseGenerator>(
        _ path: String, _ access: RouteAccess, use handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Output
    ) { on(path, method: .post, access, use: handler) }

    /// Registers a PUT route.
    func put<Output: ResponseGenerator>(
        _ path: String, _ access: RouteAccess, use handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Output
    ) { on(path, method: .put, access, use: handler) }

    /// Registers a DELETE route.
    func delete<Output: ResponseGenerator>(
        _ path: String, _ access: RouteAccess, use handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Output
    ) { on(path, method: .delete, access, use: handler) }
}
