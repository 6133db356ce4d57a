extension PostgresMigrations {
    /// Tables of running work: poller checkpoints, the outbox's state, audit log, routing node state, configuration version.
    ///
    /// SQLite's migration 8 carried node status and stock over from the audit log, where they were kept before: here the
    /// audit log is created in this same migration, so there is nothing to carry over.
    ///
    /// SQLite bumps the configuration version with triggers; PostgreSQL trigger functions need PL/pgSQL bodies full of `;`,
    /// which the migration runner would split, so every configuration write calls
    /// ``PostgresEventStore/bumpConfigurationVersion(in:)`` in its transaction instead.
    static let operations = Migration(version: 2, name: "operations", sql: """
        CREATE TABLE poller_checkpoints (
            tenant TEXT NOT NULL,
            channel TEXT NOT NULL,
            high_water BIGINT,
            round_since BIGINT,
            page_token TEXT,
            rounds BIGINT NOT NULL DEFAULT 0,
            -- Unused since leases fence the pollers, kept because the SQLite schema has them.
            lease_owner TEXT,
            lease_until DOUBLE PRECISION,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, channel)
        );
        CREATE TABLE audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,
            after TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX audit_by_tenant ON audit_log (tenant, id);
        CREATE TABLE configuration_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
        INSERT INTO configuration_version (id, version) VALUES (1, 1);
        CREATE TABLE routing_node_status (
            node_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE routing_stock (
            node_id TEXT NOT NULL,
            sku TEXT NOT NULL,
            on_hand BIGINT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (node_id, sku)
        );
        """)
}
