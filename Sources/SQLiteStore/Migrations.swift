/// The store's schema as an ordered list of forward-only migrations, each applied in one transaction.
enum Migrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "event log, orders, inbound archive, dead letters", sql: """
            CREATE TABLE inbound_messages (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                message_key TEXT NOT NULL,
                received_at TEXT NOT NULL,
                content_type TEXT,
                headers TEXT NOT NULL,
                body BLOB NOT NULL,
                result TEXT NOT NULL,
                response_status INTEGER NOT NULL,
                response_body TEXT NOT NULL,
                UNIQUE (tenant, channel, message_key)
            );
            CREATE TABLE events (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                tenant TEXT NOT NULL,
                order_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                type TEXT NOT NULL,
                channel TEXT NOT NULL,
                channel_order_id TEXT NOT NULL,
                channel_sequence INTEGER,
                outcome TEXT NOT NULL,
                inbound_id INTEGER REFERENCES inbound_messages(id),
                recorded_at TEXT NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (order_id, sequence)
            );
            CREATE INDEX events_by_tenant ON events (tenant, position);
            CREATE TABLE orders (
                order_id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                channel_order_id TEXT NOT NULL,
                status TEXT NOT NULL,
                parent_order_id TEXT,
                sequence INTEGER NOT NULL,
                channel_sequence INTEGER,
                channel_updated_at REAL,
                placed_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                state_position INTEGER NOT NULL,
                order_position INTEGER
            );
            CREATE INDEX orders_by_tenant ON orders (tenant, state_position);
            CREATE INDEX orders_by_parent ON orders (parent_order_id) WHERE parent_order_id IS NOT NULL;
            CREATE TABLE order_conflicts (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                order_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                detected_at TEXT NOT NULL
            );
            CREATE INDEX conflicts_by_order ON order_conflicts (order_id);
            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                inbound_id INTEGER NOT NULL REFERENCES inbound_messages(id),
                error_code TEXT NOT NULL,
                error_message TEXT NOT NULL,
                error_field TEXT,
                status TEXT NOT NULL DEFAULT 'open',
                created_at TEXT NOT NULL,
                replay_count INTEGER NOT NULL DEFAULT 0,
                last_replay_at TEXT,
                resolved_at TEXT
            );
            CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant, status, id);
            CREATE TABLE store_health (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
            INSERT INTO store_health (id, probed_at) VALUES (1, '');
            """),
        Migration(version: 2, name: "mapping versions and the version that produced each event", sql: """
            ALTER TABLE events ADD COLUMN mapping_version TEXT;
            CREATE TABLE mapping_versions (
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                version INTEGER NOT NULL,
                source TEXT NOT NULL,
                author TEXT NOT NULL,
                published_at TEXT NOT NULL,
                diff TEXT NOT NULL,
                PRIMARY KEY (tenant, channel, version)
            );
            CREATE TABLE mapping_active (
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                version INTEGER NOT NULL,
                activated_at TEXT NOT NULL,
                activated_by TEXT NOT NULL,
                PRIMARY KEY (tenant, channel)
            );
            """),
        Migration(version: 3, name: "API clients, token signing keys, rate-limit overrides, audit log", sql: """
            CREATE TABLE clients (
                client_id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                name TEXT NOT NULL,
                scopes TEXT NOT NULL,
                secret_salt BLOB NOT NULL,
                secret_hash BLOB NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX clients_by_tenant ON clients (tenant, client_id);
            CREATE TABLE signing_keys (
                kid TEXT PRIMARY KEY,
                private_key BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                retired_at INTEGER
            );
            CREATE TABLE rate_limit_overrides (
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                rate REAL NOT NULL,
                burst INTEGER NOT NULL,
                PRIMARY KEY (kind, name)
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                before TEXT,
                after TEXT,
                at TEXT NOT NULL
            );
            CREATE INDEX audit_by_tenant ON audit_log (tenant, id);
            """),
        Migration(version: 4, name: "event subscriptions with cursors and failed deliveries", sql: """
            CREATE TABLE subscriptions (
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                channels TEXT NOT NULL,
                secret BLOB NOT NULL,
                include_personal_data INTEGER NOT NULL,
                status TEXT NOT NULL,
                cursor INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                last_delivered_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant, id);
            CREATE TABLE subscription_failures (
                id INTEGER PRIMARY KEY,
                subscription_id TEXT NOT NULL,
                tenant TEXT NOT NULL,
                position INTEGER NOT NULL,
                event_id TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                error TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                redelivered_at TEXT
            );
            CREATE INDEX subscription_failures_by_subscription ON subscription_failures (subscription_id, id);
            """),
        Migration(version: 5, name: "pull-poller checkpoints and leases", sql: """
            CREATE TABLE poller_checkpoints (
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                high_water INTEGER,
                round_since INTEGER,
                page_token TEXT,
                rounds INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_until REAL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant, channel)
            );
            """),
        Migration(version: 6, name: "outbox of changes to push back to channels", sql: """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                order_id TEXT NOT NULL,
                channel_order_id TEXT NOT NULL,
                event_id TEXT NOT NULL UNIQUE,
                event_type TEXT NOT NULL,
                position INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL,
                last_error TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT
            );
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX outbox_by_order ON outbox (order_id, id);
            CREATE INDEX outbox_by_tenant ON outbox (tenant, status, id);
            """),
        Migration(version: 7, name: "routing policy versions", sql: """
            CREATE TABLE routing_policies (
                version INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                author TEXT NOT NULL,
                published_at TEXT NOT NULL,
                diff TEXT NOT NULL
            );
            CREATE TABLE routing_policy_active (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL,
                activated_at TEXT NOT NULL,
                activated_by TEXT NOT NULL
            );
            """),
        // Node status and stock were kept only in the audit log before: carry the latest of each over.
        Migration(version: 8, name: "leases with fencing epochs; routing node status and stock", sql: """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                epoch INTEGER NOT NULL,
                expires_at REAL NOT NULL
            );
            CREATE TABLE routing_node_status (
                node_id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE routing_stock (
                node_id TEXT NOT NULL,
                sku TEXT NOT NULL,
                on_hand INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (node_id, sku)
            );
            INSERT OR REPLACE INTO routing_node_status (node_id, status, updated_at)
                SELECT target, trim(after, '"'), at FROM audit_log WHERE action = 'routing.node_status' AND after IS NOT NULL ORDER BY id;
            INSERT OR REPLACE INTO routing_stock (node_id, sku, on_hand, updated_at)
                SELECT substr(target, 1, instr(target, '/') - 1), substr(target, instr(target, '/') + 1), CAST(trim(after, '"') AS INTEGER), at
                FROM audit_log WHERE action = 'routing.stock' AND instr(target, '/') > 1 AND after IS NOT NULL ORDER BY id;
            """),
        Migration(version: 9, name: "a configuration version bumped by every configuration write", sql: configurationVersionSQL),
        Migration(version: 10, name: "a content digest per inbound message, so a reused key with new content is not taken for a resend", sql: """
            ALTER TABLE inbound_messages ADD COLUMN content_key TEXT;
            """),
        Migration(version: 11, name: "contract tests published with a mapping version", sql: """
            ALTER TABLE mapping_versions ADD COLUMN contract_tests TEXT;
            """),
        Migration(version: 12, name: "a channel's recent messages and filtered dead letters found by index", sql: """
            CREATE INDEX inbound_by_channel ON inbound_messages (tenant, channel, id);
            CREATE INDEX dead_letters_by_channel ON dead_letters (tenant, channel, status, id);
            """),
        Migration(version: 13, name: "orders found by their channel order id, so an order keeps the id it was first given", sql: """
            CREATE UNIQUE INDEX orders_by_channel_order ON orders (tenant, channel, channel_order_id);
            """),
    ]

    /// The tables that hold configuration: a write to any of them bumps the configuration version in the same transaction.
    static let configurationTables = [
        "mapping_versions", "mapping_active", "clients", "signing_keys", "rate_limit_overrides", "routing_policies",
        "routing_policy_active", "routing_node_status", "routing_stock",
    ]

    static var configurationVersionSQL: String {
        var sql = """
            CREATE TABLE configuration_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
            INSERT INTO configuration_version (id, version) VALUES (1, 1);

            """
        for table in configurationTables {
            for change in ["INSERT", "UPDATE", "DELETE"] {
                sql += "CREATE TRIGGER \(table)_\(change.lowercased())_bumps_configuration AFTER \(change) ON \(table) "
                    + "BEGIN UPDATE configuration_version SET version = version + 1 WHERE id = 1; END;\n"
            }
        }
        return sql
    }

    /// Applies every migration newer than the database's version; returns the versions applied.
    @discardableResult
    static func migrate(_ connection: SQLiteConnection) throws(SQLiteError) -> [Int] {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
            )
            """)
        let current = try connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", []) { $0.int64(0) }.first ?? 0
        var applied: [Int] = []
        for migration in all where migration.version > current {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(migration.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, datetime('now'))",
                    [.integer(Int64(migration.version)), .text(migration.name)]
                )
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }
}
