import CanonicalModel
import Foundation
import Routing
import Storage

extension RoutingCore {
    /// A node status change as carried out: what the engine did and how long deciding took.
    public struct NodeStatusOutcome: Sendable {
        public let change: NodeStatusChange
        public let decided: Duration
    }

    /// Marks a node up, degraded or down for `actor`: stored with its audit entry before it takes effect (so a restart
    /// never forgets it), then applied; `down` re-routes all of the node's open orders at once. Nil for an unknown node.
    public func changeNodeStatus(nodeId: String, to status: NodeStatus, tenant: String, actor: String) async throws -> NodeStatusOutcome? {
        guard let previous = engine.nodeSummaries().first(where: { $0.nodeId == nodeId })?.status else { return nil }
        try await store.setNodeStatus(
            nodeId: nodeId, status: status.rawValue,
            audit: AuditEntry(
                tenant: tenant, actor: actor, action: "routing.node_status", target: nodeId, before: JSONString.quoted(previous.rawValue),
                after: JSONString.quoted(status.rawValue), at: Timestamp.format(Date())
            )
        )
        let started = ContinuousClock.now
        let change = try engine.setNodeStatus(nodeId, to: status)
        let decided = ContinuousClock.now - started
        await record(reroutes: change.reroutes)
        await record(change.routedBackorders, as: .orderRouted)
        return NodeStatusOutcome(change: change, decided: decided)
    }
}
