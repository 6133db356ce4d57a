/// One value of a stored row, as a backend-neutral copy sees it.
public enum StoredValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A page of rows of one table, copied between backends as they are stored (sealed values stay sealed).
public struct TableRows: Sendable {
    /// The table the rows belong to.
    public var table: String
    /// The column names, in the order of each row's values.
    public var columns: [String]
    /// The rows' values.
    public var rows: [[StoredValue]]
    /// Where the next page starts (the last row's key in the source).
    public var nextKey: Int64

    /// Creates a page of rows.
    public init(table: String, columns: [String], rows: [[StoredValue]], nextKey: Int64) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.nextKey = nextKey
    }

    /// The tables a copy carries, parents before the rows that refer to them.
    public static let copiedTables = [
        "inbound_messages", "events", "orders", "order_conflicts", "dead_letters", "mapping_versions", "mapping_active", "clients",
        "signing_keys", "rate_limit_overrides", "audit_log", "subscriptions", "subscription_failures", "poller_checkpoints", "outbox",
        "routing_policies", "routing_policy_active", "leases", "routing_node_status", "routing_stock", "configuration_version",
    ]
}
