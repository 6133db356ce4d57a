import Foundation
import Routing
import Storage

/// Screen 7: the fulfilment nodes with their status, load and open orders; routing policy versions with their
/// diffs and rollback.
public struct RoutingNetworkPage: Sendable {
    /// One node's row.
    public struct Node: Sendable {
        public let nodeId: String
        public let kind: String
        public let status: String
        public let statusClass: String
        public let load: String
        public let openOrders: Int
        public let statuses: [String]
    }

    /// One stored policy version.
    public struct PolicyVersion: Sendable {
        public let version: Int64
        public let active: Bool
        public let author: String
        public let publishedAt: String
        public let diffHTML: String
    }

    public let nodes: [Node]
    public let policies: [PolicyVersion]
    public let mayChange: Bool
    public let routingOff: String?

    /// The page for `nodes` and the stored policy `versions` (newest first).
    public init(nodes: [NodeSummary], versions: [RoutingPolicyVersion], mayChange: Bool, routingOff: String? = nil) {
        self.nodes = nodes.map { node in
            Node(
                nodeId: node.nodeId, kind: node.kind.rawValue, status: node.status.rawValue,
                statusClass: node.status == .up ? "ok" : node.status == .degraded ? "warn" : "bad",
                load: "\(node.load) / \(node.capacityPerHour) per hour", openOrders: node.openOrders,
                statuses: NodeStatus.allCases.map(\.rawValue).filter { $0 != node.status.rawValue }
            )
        }
        policies = versions.enumerated().map { index, version in
            let previous = index + 1 < versions.count ? versions[index + 1].source : nil
            return PolicyVersion(
                version: version.version, active: version.active, author: version.author, publishedAt: version.publishedAt,
                diffHTML: DiffView.html(from: previous, to: version.source)
            )
        }
        self.mayChange = mayChange
        self.routingOff = routingOff
    }
}

/// What changing a node's status would do, shown before it is confirmed.
public struct NodeStatusPreview: Sendable {
    /// One order that would move.
    public struct Move: Sendable {
        public let orderId: String
        public let from: String
        public let to: String
        public let promiseBefore: String
        public let promiseAfter: String
        public let backordered: Bool
    }

    public let nodeId: String
    public let status: String
    public let rerouted: Int
    public let backordered: Int
    public let routedBackorders: Int
    public let moves: [Move]
    public let more: Int
    public let hasMore: Bool
    public let anyBackordered: Bool
    public let anyRoutedBackorders: Bool

    /// The preview of `change`, listing at most `limit` moves.
    public init(change: NodeStatusChange, limit: Int = 50) {
        nodeId = change.nodeId
        status = change.current.rawValue
        backordered = change.reroutes.filter { $0.decision.status == .backordered }.count
        rerouted = change.reroutes.count - backordered
        routedBackorders = change.routedBackorders.count
        moves = change.reroutes.prefix(limit).map { reroute in
            Move(
                orderId: reroute.orderId, from: reroute.previousNodeIds.joined(separator: ", "),
                to: reroute.decision.status == .backordered ? "backordered" : reroute.decision.nodeIds.joined(separator: ", "),
                promiseBefore: reroute.previousPromise.map { "\($0.kind.rawValue) by \(HeldOrdersPage.time($0.eta))" } ?? "—",
                promiseAfter: reroute.decision.promise.map { "\($0.kind.rawValue) by \(HeldOrdersPage.time($0.eta))" } ?? "none",
                backordered: reroute.decision.status == .backordered
            )
        }
        more = max(0, change.reroutes.count - limit)
        hasMore = more > 0
        anyBackordered = backordered > 0
        anyRoutedBackorders = routedBackorders > 0
    }
}
