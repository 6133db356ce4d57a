extension PostgresMigrations {
    /// Tables of configuration: clients, signing keys, rate-limit overrides, mappings, routing policies, subscriptions.
    static let configuration = Migration(version: 3, name: "configuration", sql: """
        CREATE TABLE IF NOT EXISTS placeholder_configuration (id INTEGER PRIMARY KEY)
        """)
}
