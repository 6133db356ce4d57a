import Foundation

/// A fulfilment node's state as operators set it at runtime, over what the network file says.
public struct NodeStateRecord: Sendable, Equatable {
    public var nodeId: String
    /// `up`, `degraded` or `down`; nil when only stock was set.
    public var status: String?
    /// On-hand units by SKU, as last counted.
    public var stock: [String: Int]

    /// Creates a NodeStateRecord from its parts.
    public init(nodeId: String, status: String?, stock: [String: Int]) {
        self.nodeId = nodeId
        self.status = status
        self.stock = stock
    }
}

/// Node status and stock changed through the API, kept so the routing core restores them at start.
public protocol NodeStateStore: AnyObject, Sendable {
    /// Every node with a status or stock set at runtime.
    func nodeStates() throws(StoreError) -> [NodeStateRecord]

    /// Stores a node's status and `audit` in one transaction.
    func setNodeStatus(nodeId: String, status: String, audit: AuditEntry) async throws

    /// Stores a node's on-hand units of `sku` and `audit` in one transaction.
    func setStock(nodeId: String, sku: String, onHand: Int, audit: AuditEntry) async throws
}
