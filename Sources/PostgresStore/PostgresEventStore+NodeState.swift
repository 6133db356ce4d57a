import PostgresNIO
import Storage

extension PostgresEventStore: NodeStateStore {
    /// Every node with a status or stock set at runtime, by node id.
    public func nodeStates() throws(StoreError) -> [NodeStateRecord] {
        try readers.with { session throws(StoreError) -> [NodeStateRecord] in
            var byNode: [String: NodeStateRecord] = [:]
            // One statement, so statuses and stock come from the same snapshot.
            for row in try session.run(
                """
                SELECT node_id, status, NULL::TEXT, NULL::BIGINT FROM routing_node_status
                UNION ALL SELECT node_id, NULL, sku, on_hand FROM routing_stock
                """
            ) {
                let (nodeId, status, sku, onHand) = try Self.decoding { try row.decode((String, String?, String?, Int64?).self) }
                var record = byNode[nodeId] ?? NodeStateRecord(nodeId: nodeId, status: nil, stock: [:])
                if let status { record.status = status }
                if let sku, let onHand { record.stock[sku] = Int(onHand) }
                byNode[nodeId] = record
            }
            return byNode.values.sorted { $0.nodeId < $1.nodeId }
        }
    }

    /// Stores a node's status and `audit` in one transaction, moving the configuration version.
    public func setNodeStatus(nodeId: String, status: String, audit: AuditEntry) async throws {
        try await write { transaction in
            _ = try transaction.session.run(
                """
                INSERT INTO routing_node_status (node_id, status, updated_at) VALUES (\(nodeId), \(status), \(audit.at))
                ON CONFLICT (node_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
                """
            )
            try Self.bumpConfigurationVersion(in: transaction.session)
            try Self.insertAudit(audit, in: transaction.session)
        }
    }

    /// Stores a node's on-hand units of `sku` and `audit` in one transaction, moving the configuration version.
    public func setStock(nodeId: String, sku: String, onHand: Int, audit: AuditEntry) async throws {
        try await write { transaction in
            _ = try transaction.session.run(
                """
                INSERT INTO routing_stock (node_id, sku, on_hand, updated_at) VALUES (\(nodeId), \(sku), \(Int64(onHand)), \(audit.at))
                ON CONFLICT (node_id, sku) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at
                """
            )
            try Self.bumpConfigurationVersion(in: transaction.session)
            try Self.insertAudit(audit, in: transaction.session)
        }
    }
}
