import Access
import Console
import Foundation
import Routing
import Storage
import UseCases

/// The console's routing network screen: nodes (a status change previewed before it is made) and policy versions.
struct ConsoleRoutingRoutes {
    let services: ChannelGateServices

    func register(on console: ConsoleRouter) {
        console.get("/console/routing", scope: AccessScope.ordersRead) { call in
            .page("routing", try page(call), title: "Routing network", section: .routing)
        }
        console.post("/console/routing/nodes/:id/preview", scope: AccessScope.admin) { call in
            let core = try services.consoleRoutingCore()
            let (node, status) = try nodeAndStatus(call)
            do {
                return .fragment("node-preview", NodeStatusPreview(change: try core.engine.previewNodeStatus(node, to: status)))
            } catch let error as RoutingError {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "\(error)")
            }
        }
        console.post("/console/routing/nodes/:id/status", scope: AccessScope.admin) { call in
            let core = try services.consoleRoutingCore()
            let (node, status) = try nodeAndStatus(call)
            guard let outcome = try await core.changeNodeStatus(nodeId: node, to: status, tenant: call.session.tenant, actor: call.session.clientId) else {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no fulfilment node \(node)")
            }
            let preview = NodeStatusPreview(change: outcome.change)
            return .page(
                "routing", try page(call), title: "Routing network", section: .routing,
                ok: "\(node) is \(status.rawValue): \(preview.rerouted) orders moved, \(preview.backordered) backordered, \(preview.routedBackorders) backorders routed."
            )
        }
        console.post("/console/routing/policy/rollback", scope: AccessScope.admin) { call in
            let core = try services.consoleRoutingCore()
            guard let version = call.form["version"].flatMap(Int64.init) else {
                throw ConsoleFailure(status: .unprocessableContent, code: "invalid_field", message: "version is a stored version number")
            }
            switch try await core.rollbackPolicy(to: version, tenant: call.session.tenant, actor: call.session.clientId) {
            case .success(let active):
                return .page("routing", try page(call), title: "Routing network", section: .routing, ok: "Routing by policy v\(active.version) again.")
            case .failure(.unknownVersion):
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no routing policy version \(version)")
            case .failure(.doesNotLoad(let reason)):
                return .page("routing", try page(call), title: "Routing network", section: .routing, error: "Not rolled back: \(reason)", status: .unprocessableContent)
            }
        }
    }

    func nodeAndStatus(_ call: ConsoleCall) throws -> (String, NodeStatus) {
        guard let status = call.form["status"].flatMap(NodeStatus.init(rawValue:)) else {
            throw ConsoleFailure(status: .unprocessableContent, code: "invalid_field", message: "status is up, degraded or down")
        }
        return (call.parameter("id"), status)
    }

    func page(_ call: ConsoleCall) throws -> RoutingNetworkPage {
        let mayChange = call.session.allows(AccessScope.admin)
        do {
            let core = try services.consoleRoutingCore()
            return RoutingNetworkPage(nodes: core.engine.nodeSummaries(), versions: try services.store.routingPolicyVersions(), mayChange: mayChange)
        } catch let failure as ConsoleFailure {
            return RoutingNetworkPage(nodes: [], versions: [], mayChange: false, routingOff: failure.message)
        }
    }
}
