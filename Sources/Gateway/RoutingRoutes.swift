import Access
import UseCases
import CanonicalModel
import Foundation
import Hummingbird
import Routing
import Storage

/// The routing core's API: delivery promises, nodes (status, failover, stock), review holds, backorders.
struct RoutingRoutes {
    let core: RoutingCore?
    let store: any StorageBackend

    func register(on router: DeclaredRouter) {
        router.get("/v1/promise", .read(.other)) { request, _ in try promise(request) }
        router.get("/v1/routing/nodes", .read(.other)) { _, _ in
            Response.json(RoutingCore.json(try configured().engine.nodeSummaries()))
        }
        router.put("/v1/routing/nodes/:id/status", .admin(.other)) { request, context in try await nodeStatus(request, context) }
        router.put("/v1/routing/nodes/:id/stock/:sku", .admin(.other)) { request, context in try await stock(request, context) }
        router.get("/v1/routing/held", .read(.other)) { _, context in
            Response.json(RoutingCore.json(try configured().engine.heldOrders().filter { $0.tenant == context.tenant }))
        }
        router.get("/v1/routing/backorders", .read(.other)) { _, context in
            let engine = try configured().engine
            return Response.json(RoutingCore.json(engine.backorders().filter { engine.decision(orderId: $0.orderId)?.tenant == context.tenant }))
        }
        router.post("/v1/routing/orders/:id/approve", .admin(.other)) { _, context in try await review(context, override: nil) }
        router.post("/v1/routing/orders/:id/override", .admin(.other)) { request, context in
            let body = try await AdminRoutes.jsonObject(request)
            guard let nodes = body["nodes"] as? [String], !nodes.isEmpty else {
                throw APIError(.unprocessableContent, code: "invalid_field", message: "nodes is a non-empty list of node ids", field: "nodes")
            }
            return try await review(context, override: (nodes, body["reason"] as? String))
        }
    }

    func configured() throws -> RoutingCore {
        guard let core else {
            throw APIError(.notFound, code: "routing_not_configured", message: "no fulfilment network is configured (routing.network)")
        }
        if core.isStandby {
            throw APIError(.serviceUnavailable, code: "routing_standby", message: "another process on this store routes orders; ask it", headers: [.retryAfter: "5"])
        }
        guard core.isReady else {
            throw APIError(.serviceUnavailable, code: "routing_starting", message: "the routing core is restoring its decisions", headers: [.retryAfter: "1"])
        }
        return core
    }

    /// `GET /v1/promise?lat=&lon=&city=&region=&items=SKU:2,SKU:1`.
    func promise(_ request: Request) throws -> Response {
        let engine = try configured().engine
        let query = QueryParameters(request: request)
        guard let itemsText = query.string("items") else { throw APIError.badParameter("items", "items is SKU:quantity[,SKU:quantity…]") }
        var items: [Routing.OrderLine] = []
        for part in itemsText.split(separator: ",") {
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let quantity = Int(pieces[1]), (1...1_000_000).contains(quantity) else {
                throw APIError.badParameter("items", "'\(part)' is not SKU:quantity with a quantity of 1…1000000")
            }
            items.append(Routing.OrderLine(sku: String(pieces[0]), quantity: quantity))
        }
        let shipTo = ShipTo(
            lat: try coordinate(query, "lat", -90...90), lon: try coordinate(query, "lon", -180...180), city: query.string("city"),
            region: query.string("region")
        )
        guard shipTo.location != nil || shipTo.city != nil else { throw APIError.badParameter("lat", "give lat and lon, or city") }
        do {
            return Response.json(RoutingCore.json(try engine.promise(shipTo: shipTo, items: items)))
        } catch let error as RoutingError {
            throw APIError(.unprocessableContent, code: "invalid_value", message: "\(error)", field: "items")
        }
    }

    func coordinate(_ query: QueryParameters, _ name: String, _ range: ClosedRange<Double>) throws -> Double? {
        guard let text = query.string(name) else { return nil }
        guard let value = Double(text), range.contains(value) else { throw APIError.badParameter(name, "\(name) is a number within \(range)") }
        return value
    }

    /// Marks a node up, degraded or down; down re-routes all of its open orders at once.
    func nodeStatus(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let core = try configured()
        let nodeId = try context.parameters.require("id")
        let body = try await AdminRoutes.jsonObject(request)
        guard let text = body["status"] as? String, let status = NodeStatus(rawValue: text) else {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "status is up, degraded or down", field: "status")
        }
        let outcome: RoutingCore.NodeStatusOutcome?
        do {
            outcome = try await core.changeNodeStatus(nodeId: nodeId, to: status, tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous")
        } catch let error as RoutingError {
            throw APIError(.notFound, code: "not_found", message: "\(error)", field: "id")
        }
        guard let outcome else { throw APIError(.notFound, code: "not_found", message: "no fulfilment node \(nodeId)", field: "id") }
        let change = outcome.change
        let decided = outcome.decided
        let backordered = change.reroutes.filter { $0.decision.status == .backordered }.count
        return Response.json(
            "{\"nodeId\":" + JSONText.quoted(nodeId) + ",\"previous\":\"" + change.previous.rawValue + "\",\"current\":\"" + change.current.rawValue
                + "\",\"rerouted\":" + String(change.reroutes.count - backordered) + ",\"backordered\":" + String(backordered)
                + ",\"routedBackorders\":" + String(change.routedBackorders.count) + ",\"decisionMs\":"
                + String(format: "%.1f", Double(decided.components.attoseconds) / 1e15 + Double(decided.components.seconds) * 1000) + "}"
        )
    }

    /// Sets a node's on-hand stock of one SKU; backorders it can now fill are routed.
    func stock(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let core = try configured()
        let nodeId = try context.parameters.require("id")
        let sku = try context.parameters.require("sku")
        let body = try await AdminRoutes.jsonObject(request)
        guard let number = body["onHand"] as? NSNumber, let onHand = Int(exactly: number.doubleValue), (0...1_000_000_000).contains(onHand) else {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "onHand is a whole number ≥ 0", field: "onHand")
        }
        guard let before = core.engine.stockLevel(nodeId: nodeId, sku: sku) else {
            throw APIError(.notFound, code: "not_found", message: "no fulfilment node \(nodeId)", field: "id")
        }
        try await store.setStock(
            nodeId: nodeId, sku: sku, onHand: onHand,
            audit: audit(context, "routing.stock", nodeId + "/" + sku, before: String(before.onHand), after: String(onHand))
        )
        let routed: [RoutingDecision]
        do {
            routed = try core.engine.setStock(nodeId: nodeId, sku: sku, onHand: onHand)
        } catch let error as RoutingError where error.code == .unknownNode {
            throw APIError(.notFound, code: "not_found", message: "\(error)", field: "id")
        } catch let error as RoutingError {
            throw APIError(.unprocessableContent, code: "invalid_field", message: "\(error)", field: "onHand")
        }
        await core.record(routed, as: .orderRouted)
        return Response.json("{\"nodeId\":" + JSONText.quoted(nodeId) + ",\"sku\":" + JSONText.quoted(sku) + ",\"onHand\":" + String(onHand)
            + ",\"routedBackorders\":" + RoutingCore.json(routed.map(\.orderId)) + "}")
    }

    /// Approves a held decision, or overrides it to the given nodes; both are audited and become events.
    func review(_ context: GatewayRequestContext, override: (nodes: [String], reason: String?)?) async throws -> Response {
        let core = try configured()
        let orderId = try context.parameters.require("id")
        switch try await core.review(orderId: orderId, tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", override: override) {
        case .success(let outcome):
            return Response.json(RoutingCore.json(outcome.decision))
        case .failure(.unknownOrder):
            throw APIError.notFound("routing decision for \(orderId)")
        case .failure(.refused(let reason)):
            throw APIError(.conflict, code: "review_refused", message: reason, field: "id")
        }
    }

    func audit(_ context: GatewayRequestContext, _ action: String, _ target: String, before: String?, after: String?) -> AuditEntry {
        AuditEntry(
            tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", action: action, target: target,
            before: before.map(JSONText.quoted), after: after.map(JSONText.quoted), at: Timestamp.format(Date())
        )
    }
}
