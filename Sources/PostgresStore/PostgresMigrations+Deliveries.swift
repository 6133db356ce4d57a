extension PostgresMigrations {
    /// Webhook delivery ids every replica checks replays against.
    static let deliveries = Migration(version: 4, name: "webhook deliveries", sql: """
        CREATE TABLE webhook_deliveries (
            channel TEXT NOT NULL,
            id TEXT NOT NULL,
            seen_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (channel, id)
        )
        """)
}
