import Access
import UseCases
import Hummingbird
import Storage

/// `GET /v1/events?after=&limit=&wait=`: the tenant's event feed, long-polling when it is caught up.
struct EventFeedRoutes {
    let store: any StorageBackend
    let configuration: GatewayConfiguration
    let personalData: PersonalDataView

    func register(on router: DeclaredRouter) {
        router.get("/v1/events", RouteAccess(requirement: .scope(AccessScope.eventsRead), limit: .events)) { request, context in
            try await feed(request, context: context)
        }
    }

    func feed(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = QueryParameters(request: request)
        let after = try query.integer("after", default: 0, range: 0...Int64.max)
        let limit = Int(try query.integer("limit", default: 100, range: 1...1000))
        let wait = try query.integer("wait", default: 0, range: 0...Int64(configuration.maxFeedWaitSeconds))
        let events: [FeedEvent]
        do throws(StoreError) {
            events = try await store.waitForEvents(tenant: context.tenant, after: after, limit: limit, wait: .seconds(wait))
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        let next = events.last?.position ?? after
        let text = "{\"events\":[" + events.map(\.envelope).joined(separator: ",") + "],\"next\":" + JSONText.quoted(String(next)) + "}"
        return .json(try personalData.answer(text, for: context.principal))
    }
}
