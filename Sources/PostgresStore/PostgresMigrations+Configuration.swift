extension PostgresMigrations {
    /// Tables of configuration: clients, signing keys, rate-limit overrides, mappings, routing policies, subscriptions.
    ///
    /// SQLite's migrations 2, 3 (less the audit log), 4, 7 and 11 in their final shape. SQLite bumps the configuration
    /// version with triggers; here the writers bump it themselves in the same transaction.
    static let configuration = Migration(version: 3, name: "configuration", sql: """
        CREATE TABLE mapping_versions (
            tenant TEXT NOT NULL,
            channel TEXT NOT NULL,
            version BIGINT NOT NULL,
            source TEXT NOT NULL,
            author TEXT NOT NULL,
            published_at TEXT NOT NULL,
            diff TEXT NOT NULL,
            contract_tests TEXT,
            PRIMARY KEY (tenant, channel, version)
        );
        CREATE TABLE mapping_active (
            tenant TEXT NOT NULL,
            channel TEXT NOT NULL,
            version BIGINT NOT NULL,
            activated_at TEXT NOT NULL,
            activated_by TEXT NOT NULL,
            PRIMARY KEY (tenant, channel)
        );
        CREATE TABLE clients (
            client_id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            secret_salt BYTEA NOT NULL,
            secret_hash BYTEA NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX clients_by_tenant ON clients (tenant, client_id);
        CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            private_key BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            retired_at BIGINT
        );
        CREATE TABLE rate_limit_overrides (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            rate DOUBLE PRECISION NOT NULL,
            burst BIGINT NOT NULL,
            PRIMARY KEY (kind, name)
        );
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            url TEXT NOT NULL,
            event_types TEXT NOT NULL,
            channels TEXT NOT NULL,
            secret BYTEA NOT NULL,
            include_personal_data BIGINT NOT NULL,
            status TEXT NOT NULL,
            cursor BIGINT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            last_error TEXT,
            last_delivered_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant, id);
        CREATE TABLE subscription_failures (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            subscription_id TEXT NOT NULL,
            tenant TEXT NOT NULL,
            position BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            attempts BIGINT NOT NULL,
            error TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            redelivered_at TEXT
        );
        CREATE INDEX subscription_failures_by_subscription ON subscription_failures (subscription_id, id);
        -- Versions are numbered by the publisher (the highest plus one, under the head lock), not by an identity
        CREATE TABLE routing_policies (
            version BIGINT PRIMARY KEY,
            source TEXT NOT NULL,
            author TEXT NOT NULL,
            published_at TEXT NOT NULL,
            diff TEXT NOT NULL
        );
        -- Empty until the first publish (as in SQLite): no row means no active policy
        CREATE TABLE routing_policy_active (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL,
            activated_at TEXT NOT NULL,
            activated_by TEXT NOT NULL
        )
        """)
}
