import CanonicalModel
import Foundation
import Storage

extension SQLiteEventStore {
    /// Every node with a status or stock set at runtime.
    public func nodeStates() throws(StoreError) -> [NodeStateRecord] {
        try readers.read { connection throws(SQLiteError) in
            var byNode: [String: NodeStateRecord] = [:]
            for (nodeId, status) in try connection.query("SELECT node_id, status FROM routing_node_status", [], row: { ($0.text(0), $0.text(1)) }) {
                byNode[nodeId] = NodeStateRecord(nodeId: nodeId, status: status, stock: [:])
            }
            for (nodeId, sku, onHand) in try connection.query(
                "SELECT node_id, sku, on_hand FROM routing_stock", [], row: { ($0.text(0), $0.text(1), Int($0.int64(2))) }
            ) {
                byNode[nodeId, default: NodeStateRecord(nodeId: nodeId, status: nil, stock: [:])].stock[sku] = onHand
            }
            return byNode.values.sorted { $0.nodeId < $1.nodeId }
        }
    }

    /// Stores a node's status with its audit entry in one transaction.
    public func setNodeStatus(nodeId: String, status: String, audit: AuditEntry) async throws {
        try await writer.write { connection in
            try connection.run(
                """
                INSERT INTO routing_node_status (node_id, status, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (node_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
                """,
                [.text(nodeId), .text(status), .text(audit.at)]
            )
            try Self.insert(audit, in: connection)
        }
    }

    /// Stores a node's on-hand units of a SKU with its audit entry in one transaction.
    public func setStock(nodeId: String, sku: String, onHand: Int, audit: AuditEntry) async throws {
        try await writer.write { connection in
            try connection.run(
                """
                INSERT INTO routing_stock (node_id, sku, on_hand, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (node_id, sku) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at
                """,
                [.text(nodeId), .text(sku), .integer(Int64(onHand)), .text(audit.at)]
            )
            try Self.insert(audit, in: connection)
        }
    }
}
