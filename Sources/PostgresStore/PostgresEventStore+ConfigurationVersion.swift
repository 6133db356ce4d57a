import PostgresNIO
import Storage

extension PostgresEventStore: ConfigurationVersion {
    /// The current configuration version; it only grows.
    public func configurationVersion() throws(StoreError) -> Int64 {
        try readers.with { session throws(StoreError) -> Int64 in
            let rows = try session.run("SELECT version FROM configuration_version WHERE id = 1")
            guard let row = rows.first else { return 0 }
            return try Self.decoding { try row.decode(Int64.self) }
        }
    }

    /// Moves the configuration version on, inside the caller's write transaction; call it after every statement that
    /// changed a configuration table (mappings, clients, signing keys, rate-limit overrides, routing policies, node
    /// status, stock), where SQLite's triggers would have fired.
    static func bumpConfigurationVersion(in session: PostgresSession) throws(StoreError) {
        try session.run("UPDATE configuration_version SET version = version + 1 WHERE id = 1")
    }
}
