extension PostgresMigrations {
    /// A channel's recent messages and filtered dead letters found by index (the console's traffic runs and lists).
    static let consoleIndexes = Migration(version: 5, name: "inbound and dead letters by channel", sql: """
        CREATE INDEX inbound_by_channel ON inbound_messages (tenant, channel, id);
        CREATE INDEX dead_letters_by_channel ON dead_letters (tenant, channel, status, id)
        """)
}
