import Access
import Console
import Foundation
import Routing
import Storage
import UseCases

/// The console's order screens: orders, one order's detail, and the orders held for review.
struct ConsoleOrderRoutes {
    let services: ChannelGateServices

    static let pageSize = 50

    func register(on console: ConsoleRouter) {
        console.get("/console/orders", scope: AccessScope.ordersRead) { call in
            let query = call.query
            let channel = query.string("channel") ?? ""
            let status = query.string("status") ?? ""
            let orders = try services.store.orders(
                tenant: call.session.tenant,
                filter: OrderFilter(
                    channel: channel.isEmpty ? nil : channel, status: status.isEmpty ? nil : status,
                    after: try query.integer("after", default: 0, range: 0...Int64.max), limit: Self.pageSize
                )
            )
            return .page("orders", OrdersPage(orders: orders, channel: channel, status: status, pageSize: Self.pageSize), title: "Orders", section: .orders)
        }
        console.get("/console/orders/find", scope: AccessScope.ordersRead) { call in
            let id = call.query.string("id") ?? ""
            guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), !id.isEmpty else {
                throw ConsoleFailure(status: .badRequest, code: "invalid_parameter", message: "order ids are letters, digits, _ and -")
            }
            return .redirect("/console/orders/" + id)
        }
        console.get("/console/orders/:id", scope: AccessScope.ordersRead) { call in
            let id = call.parameter("id")
            guard let view = try services.store.order(tenant: call.session.tenant, id: id) else {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no order \(id)")
            }
            let principal = call.session.principal
            let decision = services.routing.flatMap { core in core.isReady && !core.isStandby ? core.engine.decision(orderId: id) : nil }
            let page = OrderPage(
                view: services.personalData.shown(view, for: principal), decision: decision, masked: !call.session.allows(AccessScope.piiRead)
            )
            return .page("order", page, title: "Order \(view.channelOrderId)", section: .orders)
        }
        console.get("/console/held", scope: AccessScope.ordersRead) { call in
            .page("held", heldPage(call), title: "Held orders", section: .held)
        }
        console.post("/console/held/:id/approve", scope: AccessScope.admin) { call in
            try await review(call, override: nil)
        }
        console.post("/console/held/:id/override", scope: AccessScope.admin) { call in
            let (node, reason) = try overrideFields(call)
            return try await review(call, override: ([node], reason))
        }
        console.post("/console/held/:id/override-preview", scope: AccessScope.admin) { call in
            let core = try routing()
            let (node, reason) = try overrideFields(call)
            let id = call.parameter("id")
            guard let decision = core.engine.decision(orderId: id), decision.tenant == call.session.tenant else {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no routing decision for \(id)")
            }
            var needed: [String: Int] = [:]
            for shipment in decision.shipments { for line in shipment.lines { needed[line.sku, default: 0] += line.quantity } }
            let stock = needed.keys.sorted().map { sku in (sku: sku, needed: needed[sku] ?? 0, level: core.engine.stockLevel(nodeId: node, sku: sku)) }
            let preview = OverridePreview(
                decision: decision, nodeId: node, reason: reason, candidate: decision.explanation.candidates.first { $0.nodeId == node }, stock: stock
            )
            return .fragment("override-preview", preview)
        }
    }

    func routing() throws -> RoutingCore { try services.consoleRoutingCore() }

    func heldPage(_ call: ConsoleCall) -> HeldOrdersPage {
        do {
            let core = try routing()
            return HeldOrdersPage(
                held: core.engine.heldOrders().filter { $0.tenant == call.session.tenant }, nodes: core.engine.nodeSummaries().map(\.nodeId),
                mayDecide: call.session.allows(AccessScope.admin)
            )
        } catch let failure as ConsoleFailure {
            return HeldOrdersPage(held: [], nodes: [], mayDecide: false, routingOff: failure.message)
        } catch {
            return HeldOrdersPage(held: [], nodes: [], mayDecide: false, routingOff: "\(error)")
        }
    }

    func overrideFields(_ call: ConsoleCall) throws -> (node: String, reason: String) {
        let node = call.form["node"] ?? ""
        let reason = (call.form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !node.isEmpty else { throw ConsoleFailure(status: .unprocessableContent, code: "invalid_field", message: "choose the node to move the order to") }
        guard !reason.isEmpty, reason.count <= 200 else {
            throw ConsoleFailure(status: .unprocessableContent, code: "invalid_field", message: "an override needs a reason of at most 200 characters")
        }
        return (node, reason)
    }

    func review(_ call: ConsoleCall, override: (nodes: [String], reason: String?)?) async throws -> ConsoleAnswer {
        let core = try routing()
        let id = call.parameter("id")
        switch try await core.review(orderId: id, tenant: call.session.tenant, actor: call.session.clientId, override: override) {
        case .success(let outcome):
            let what = override == nil ? "Approved" : "Overrode to \(outcome.decision.nodeIds.joined(separator: ", "))"
            return .page("held", heldPage(call), title: "Held orders", section: .held, ok: "\(what): \(id) is released.")
        case .failure(.unknownOrder):
            throw ConsoleFailure(status: .notFound, code: "not_found", message: "no routing decision for \(id)")
        case .failure(.refused(let reason)):
            return .page("held", heldPage(call), title: "Held orders", section: .held, error: "Refused: \(reason)", status: .conflict)
        }
    }
}

extension ChannelGateServices {
    /// The routing core as the console's screens need it: configured, this replica's, and done restoring.
    func consoleRoutingCore() throws -> RoutingCore {
        guard let core = routing else {
            throw ConsoleFailure(status: .notFound, code: "routing_not_configured", message: "no fulfilment network is configured (routing.network)")
        }
        guard !core.isStandby else { throw ConsoleFailure(status: .serviceUnavailable, code: "routing_standby", message: "another replica routes orders now") }
        guard core.isReady else { throw ConsoleFailure(status: .serviceUnavailable, code: "routing_starting", message: "the routing core is restoring its decisions") }
        return core
    }
}
