import PostgresNIO
import Storage

/// The PostgreSQL schema, versioned as SQLite's is; applied by whichever replica starts first, under an advisory lock.
enum PostgresMigrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    /// Any constant both replicas agree on: the advisory lock that serialises migrations.
    static let lockKey: Int64 = 0x6367_6d69_6772_6174

    /// Every migration, oldest first: the event log's here, the others beside the code that uses their tables.
    static let all: [Migration] = [eventLog, operations, configuration, deliveries, consoleIndexes, ordersByChannelOrder]

    static let eventLog =
        Migration(version: 1, name: "event log with its ordered head, orders, inbound archive, dead letters, outbox, leases", sql: """
            CREATE TABLE inbound_messages (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                message_key TEXT NOT NULL,
                received_at TEXT NOT NULL,
                content_type TEXT,
                headers TEXT NOT NULL,
                body BYTEA NOT NULL,
                result TEXT NOT NULL,
                response_status INTEGER NOT NULL,
                response_body TEXT NOT NULL,
                content_key TEXT,
                UNIQUE (tenant, channel, message_key)
            );
            -- Positions come from this one row, locked by every writing transaction before it writes and kept until it
            -- commits: transactions commit in position order, so a reader after N never misses a later commit below N.
            CREATE TABLE event_log_head (id INTEGER PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL);
            INSERT INTO event_log_head VALUES (1, 0);
            CREATE TABLE events (
                position BIGINT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                tenant TEXT NOT NULL,
                order_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                type TEXT NOT NULL,
                channel TEXT NOT NULL,
                channel_order_id TEXT NOT NULL,
                channel_sequence BIGINT,
                outcome TEXT NOT NULL,
                inbound_id BIGINT REFERENCES inbound_messages(id),
                recorded_at TEXT NOT NULL,
                data TEXT NOT NULL,
                mapping_version TEXT,
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
                sequence BIGINT NOT NULL,
                channel_sequence BIGINT,
                channel_updated_at DOUBLE PRECISION,
                placed_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                state_position BIGINT NOT NULL,
                order_position BIGINT
            );
            CREATE INDEX orders_by_tenant ON orders (tenant, state_position);
            CREATE INDEX orders_by_parent ON orders (parent_order_id) WHERE parent_order_id IS NOT NULL;
            CREATE TABLE order_conflicts (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant TEXT NOT NULL,
                order_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                detected_at TEXT NOT NULL
            );
            CREATE INDEX conflicts_by_order ON order_conflicts (order_id);
            CREATE TABLE dead_letters (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                inbound_id BIGINT NOT NULL REFERENCES inbound_messages(id),
                error_code TEXT NOT NULL,
                error_message TEXT NOT NULL,
                error_field TEXT,
                status TEXT NOT NULL DEFAULT 'open',
                created_at TEXT NOT NULL,
                replay_count BIGINT NOT NULL DEFAULT 0,
                last_replay_at TEXT,
                resolved_at TEXT
            );
            CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant, status, id);
            CREATE TABLE outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant TEXT NOT NULL,
                channel TEXT NOT NULL,
                order_id TEXT NOT NULL,
                channel_order_id TEXT NOT NULL,
                event_id TEXT NOT NULL UNIQUE,
                event_type TEXT NOT NULL,
                position BIGINT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                last_error TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT
            );
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX outbox_by_order ON outbox (order_id, id);
            CREATE INDEX outbox_by_tenant ON outbox (tenant, status, id);
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                epoch BIGINT NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL
            );
            """)

    /// Brings the database to the newest schema; concurrent callers wait on the lock and find the work done.
    static func apply(in session: PostgresSession) throws(StoreError) {
        try session.run("SELECT pg_advisory_lock(\(lockKey))")
        defer { _ = try? session.run("SELECT pg_advisory_unlock(\(lockKey))") }
        try session.run(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        var applied = Set<Int>()
        for row in try session.run("SELECT version FROM schema_migrations") {
            guard let version = try? row.decode(Int.self) else { continue }
            applied.insert(version)
        }
        for migration in all where !applied.contains(migration.version) {
            try session.transaction { session throws(StoreError) in
                // One statement per query: the extended protocol postgres-nio speaks takes no more.
                for statement in migration.sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try session.run(PostgresQuery(unsafeSQL: String(statement)))
                }
                try session.run("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
            }
        }
    }
}
