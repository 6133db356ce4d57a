import Storage

extension SQLiteEventStore {
    /// The configuration version, bumped by triggers on every configuration table.
    public func configurationVersion() throws(StoreError) -> Int64 {
        try readers.read { connection throws(SQLiteError) in
            try connection.query("SELECT version FROM configuration_version WHERE id = 1", []) { $0.int64(0) }.first ?? 0
        }
    }
}
