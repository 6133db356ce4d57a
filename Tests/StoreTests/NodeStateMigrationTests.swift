import CSQLite
import Foundation
import Logging
import SQLiteStore
import Storage
import Testing

/// Stores from before node state had its own tables keep the operators' changes.
@Suite struct NodeStateMigrationTests {
    @Test func nodeStatusAndStockKeptInTheAuditLogAreCarriedOver() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-migration-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        let store = try SQLiteEventStore(path: path, logger: Logger(label: "test"))
        for (action, target, after) in [
            ("routing.node_status", "hub", "\"down\""), ("routing.stock", "hub/S1", "\"4\""), ("routing.node_status", "hub", "\"degraded\""),
            ("routing.stock", "hub/S1", "\"9\""), ("routing.stock", "store-2/S-2/x", "\"1\""), ("client.disable", "c1", "\"disabled\""),
        ] {
            try await store.audit(AuditEntry(tenant: "t1", actor: "ops", action: action, target: target, before: nil, after: after, at: "2026-12-01T00:00:00Z"))
        }
        store.close()
        // Back to the schema of version 7, as an older install left it.
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        var triggers: [String] = []
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(handle, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &statement, nil) == SQLITE_OK)
        while sqlite3_step(statement) == SQLITE_ROW {
            if let name = sqlite3_column_text(statement, 0) { triggers.append(String(cString: name)) }
        }
        sqlite3_finalize(statement)
        let downgrade = triggers.map { "DROP TRIGGER \($0);" }.joined()
            + "DROP TABLE configuration_version; DROP TABLE leases; DROP TABLE routing_node_status; DROP TABLE routing_stock;"
            + "ALTER TABLE inbound_messages DROP COLUMN content_key; ALTER TABLE mapping_versions DROP COLUMN contract_tests;"
            + "DROP INDEX inbound_by_channel; DROP INDEX dead_letters_by_channel; DROP INDEX orders_by_channel_order;"
            + "DELETE FROM schema_migrations WHERE version >= 8"
        #expect(sqlite3_exec(handle, downgrade, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(handle)

        let upgraded = try SQLiteEventStore(path: path, logger: Logger(label: "test"))
        defer { upgraded.close() }
        #expect(try upgraded.schemaVersion() == SQLiteEventStore.latestSchemaVersion)
        #expect(try upgraded.nodeStates() == [
            NodeStateRecord(nodeId: "hub", status: "degraded", stock: ["S1": 9]),
            NodeStateRecord(nodeId: "store-2", status: nil, stock: ["S-2/x": 1]),
        ])
    }
}
