import Access
import UseCases
import CanonicalModel
import Hummingbird
import Storage

/// `GET /v1/orders/{id}` and `GET /v1/orders`: order state, timeline and listings, within the caller's tenant.
struct OrderRoutes {
    let store: any StorageBackend
    let configuration: GatewayConfiguration
    let personalData: PersonalDataView

    func register(on router: DeclaredRouter) {
        router.get("/v1/orders/:id", .read(.orders)) { request, context in
            try order(request, context: context)
        }
        router.get("/v1/orders", .read(.orders)) { request, context in
            try list(request, context: context)
        }
    }

    func order(_ request: Request, context: GatewayRequestContext) throws -> Response {
        guard let id = context.parameters.get("id") else { throw APIError.notFound("order") }
        let found: OrderView?
        do throws(StoreError) {
            found = try store.order(tenant: context.tenant, id: id)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        guard let view = found else { throw APIError.notFound("order \(id)") }
        return try .json(encoding: OrderResponse(view: personalData.shown(view, for: context.principal)))
    }

    func list(_ request: Request, context: GatewayRequestContext) throws -> Response {
        let query = QueryParameters(request: request)
        var filter = OrderFilter(
            channel: query.string("channel"), status: query.string("status"), updatedSince: try query.timestamp("updated_since"),
            after: try query.integer("after", default: 0, range: 0...Int64.max),
            limit: Int(try query.integer("limit", default: 100, range: 1...1000))
        )
        if let status = filter.status, OrderStatus(rawValue: status) == nil, status != "unknown" {
            throw APIError.badParameter("status", "unknown status \(status)")
        }
        filter.limit = min(filter.limit, 1000)
        let orders: [OrderSummary]
        do throws(StoreError) {
            orders = try store.orders(tenant: context.tenant, filter: filter)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        let shown = orders.map { summary in
            var summary = summary
            summary.order = summary.order.map { personalData.shown($0, for: context.principal) }
            return summary
        }
        let next = orders.count == filter.limit ? orders.last.map { String($0.position) } : nil
        return try .json(encoding: OrderListResponse(orders: shown, next: next))
    }
}
