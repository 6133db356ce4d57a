import Storage

extension SQLiteEventStore {
    /// Every stored signing key, newest first.
    public func signingKeys() throws(StoreError) -> [SigningKeyRecord] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query("SELECT kid, private_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid", []) { row in
                SigningKeyRecord(kid: row.text(0), privateKey: row.blob(1), createdAt: row.int64(2), retiredAt: row.optionalInt64(3))
            }
        }
    }

    /// Stores `key` as the current signing key, retires the previous ones at its creation time and deletes keys retired
    /// before `dropRetiredBefore` (their tokens have expired).
    public func rotateSigningKey(to key: SigningKeyRecord, dropRetiredBefore: Int64, audit: AuditEntry?) async throws {
        try await writer.write { connection in
            try connection.run("UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL", [.integer(key.createdAt)])
            try connection.run("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?", [.integer(dropRetiredBefore)])
            try connection.run(
                "INSERT INTO signing_keys (kid, private_key, created_at, retired_at) VALUES (?, ?, ?, NULL)",
                [.text(key.kid), .blob(key.privateKey), .integer(key.createdAt)]
            )
            if let audit { try Self.insert(audit, in: connection) }
        }
    }

    /// Replaces the stored private-key blobs of the named keys (sealing them anew), in one transaction.
    public func replaceSigningKeyBlobs(_ blobs: [(kid: String, privateKey: [UInt8])]) async throws {
        try await writer.write { connection in
            for blob in blobs {
                try connection.run("UPDATE signing_keys SET private_key = ? WHERE kid = ?", [.blob(blob.privateKey), .text(blob.kid)])
            }
        }
    }

    /// Rate limits changed at runtime.
    public func rateLimitOverrides() throws(StoreError) -> [RateLimitOverride] {
        try readers.read { connection throws(SQLiteError) in
            try connection.query("SELECT kind, name, rate, burst FROM rate_limit_overrides ORDER BY kind, name", []) { row in
                RateLimitOverride(kind: row.text(0), name: row.text(1), rate: row.double(2), burst: Int(row.int64(3)))
            }
        }
    }

    /// Sets (or, with nil rate, removes) one runtime rate limit, recording `audit`.
    public func setRateLimitOverride(_ override: RateLimitOverride, remove: Bool, audit: AuditEntry) async throws {
        try await writer.write { connection in
            if remove {
                try connection.run("DELETE FROM rate_limit_overrides WHERE kind = ? AND name = ?", [.text(override.kind), .text(override.name)])
            } else {
                try connection.run(
                    """
                    INSERT INTO rate_limit_overrides (kind, name, rate, burst) VALUES (?, ?, ?, ?)
                    ON CONFLICT (kind, name) DO UPDATE SET rate = excluded.rate, burst = excluded.burst
                    """,
                    [.text(override.kind), .text(override.name), .real(override.rate), .integer(Int64(override.burst))]
                )
            }
            try Self.insert(audit, in: connection)
        }
    }
}
