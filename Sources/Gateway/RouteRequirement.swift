import UseCases
import Access
import HTTPTypes

/// What a request must present, decided from its method and path before any routing or body reading.
enum RouteRequirement: Equatable {
    /// Health and readiness probes and metrics: open, and never shed.
    case probe
    /// The token endpoint and the JWKS.
    case open
    /// A bearer token with `scope`.
    case scope(String)
    /// A bearer token that may write to `channel` or, where the channel signs webhooks, a valid signature.
    case channelWrite(channel: String, signedWebhookAllowed: Bool)

    /// The rate-limit route name of a path.
    static func routeName(_ path: Substring) -> String {
        if path.hasPrefix("/v1/channels/") { return path.hasSuffix("/batches") ? "batch" : "ingest" }
        if path.hasPrefix("/v1/orders") { return "orders" }
        if path.hasPrefix("/v1/events") { return "events" }
        if path.hasPrefix("/v1/dead-letters") { return "dead-letters" }
        if path.hasPrefix("/v1/mappings") { return "mappings" }
        if path.hasPrefix("/v1/admin") { return "admin" }
        if path == "/oauth/token" { return "token" }
        return "other"
    }

    /// GET paths that need `orders:read`: orders, mappings, channels, promises, routing, forecasts and stocking.
    static let readPrefixes = ["/v1/orders", "/v1/mappings", "/v1/channels", "/v1/promise", "/v1/routing", "/v1/forecasts", "/v1/stocking"]

    init(method: HTTPRequest.Method, path: Substring) {
        switch (method, path) {
        case (.get, "/healthz"), (.get, "/readyz"), (.get, "/metrics"):
            self = .probe
        case (.get, "/.well-known/jwks.json"), (.post, "/oauth/token"):
            self = .open
        case (.post, _) where path.hasPrefix("/v1/channels/"):
            let parts = path.split(separator: "/")
            let channel = parts.count == 4 ? String(parts[2]) : ""
            self = .channelWrite(channel: channel, signedWebhookAllowed: parts.count == 4 && parts[3] == "orders")
        case (.get, _) where Self.readPrefixes.contains(where: { path.hasPrefix($0) }):
            self = .scope(AccessScope.ordersRead)
        case (.get, _) where path.hasPrefix("/v1/events"):
            self = .scope(AccessScope.eventsRead)
        default:
            // Dead letters, mapping changes, admin and anything unknown: only administrators get past, even to a 404.
            self = .scope(AccessScope.admin)
        }
    }
}
