import Foundation
import NIOCore
import PostgresNIO
import Storage

// The rest of `AccessStore`: token-signing keys and runtime rate limits (the conformance is declared beside the clients).
extension PostgresEventStore {
    /// Every stored signing key, newest first.
    public func signingKeys() throws(StoreError) -> [SigningKeyRecord] {
        try readers.with { session throws(StoreError) -> [SigningKeyRecord] in
            var keys: [SigningKeyRecord] = []
            for row in try session.run(
                "SELECT kid, private_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid COLLATE \"C\""
            ) {
                let (kid, privateKey, createdAt, retiredAt) = try Self.decoding {
                    try row.decode((String, ByteBuffer, Int64, Int64?).self)
                }
                keys.append(SigningKeyRecord(kid: kid, privateKey: Array(privateKey.readableBytesView), createdAt: createdAt, retiredAt: retiredAt))
            }
            return keys
        }
    }

    /// Stores `key` as the current signing key, retires the previous ones at its creation time and deletes keys retired
    /// before `dropRetiredBefore` (their tokens have expired), recording `audit` when given.
    public func rotateSigningKey(to key: SigningKeyRecord, dropRetiredBefore: Int64, audit: AuditEntry?) async throws {
        try await write { transaction in
            let session = transaction.session
            try session.run("UPDATE signing_keys SET retired_at = \(key.createdAt) WHERE retired_at IS NULL")
            try session.run("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < \(dropRetiredBefore)")
            try session.run(
                """
                INSERT INTO signing_keys (kid, private_key, created_at, retired_at)
                VALUES (\(key.kid), \(ByteBuffer(bytes: key.privateKey)), \(key.createdAt), NULL)
                """
            )
            if let audit { try Self.insertAudit(audit, in: session) }
            try Self.bumpConfigurationVersion(in: session)
        }
    }

    /// Replaces the stored private-key blobs of the named keys (sealed anew by the caller), in one transaction.
    public func replaceSigningKeyBlobs(_ blobs: [(kid: String, privateKey: [UInt8])]) async throws {
        try await write { transaction in
            let session = transaction.session
            var changed = 0
            for blob in blobs {
                let result = try session.run(
                    "UPDATE signing_keys SET private_key = \(ByteBuffer(bytes: blob.privateKey)) WHERE kid = \(blob.kid)"
                )
                changed += result.metadata.rows ?? 0
            }
            // As SQLite's triggers: the version moves only when a stored key changed.
            if changed > 0 { try Self.bumpConfigurationVersion(in: session) }
        }
    }

    /// Rate limits changed at runtime, ordered by kind and name.
    public func rateLimitOverrides() throws(StoreError) -> [RateLimitOverride] {
        try readers.with { session throws(StoreError) -> [RateLimitOverride] in
            var overrides: [RateLimitOverride] = []
            for row in try session.run(
                "SELECT kind, name, rate, burst FROM rate_limit_overrides ORDER BY kind COLLATE \"C\", name COLLATE \"C\""
            ) {
                let (kind, name, rate, burst) = try Self.decoding { try row.decode((String, String, Double, Int64).self) }
                overrides.append(RateLimitOverride(kind: kind, name: name, rate: rate, burst: Int(burst)))
            }
            return overrides
        }
    }

    /// Sets (or, with `remove`, drops) one runtime rate limit, recording `audit`.
    public func setRateLimitOverride(_ override: RateLimitOverride, remove: Bool, audit: AuditEntry) async throws {
        try await write { transaction in
            let session = transaction.session
            let result: PostgresQueryResult
            if remove {
                result = try session.run("DELETE FROM rate_limit_overrides WHERE kind = \(override.kind) AND name = \(override.name)")
            } else {
                result = try session.run(
                    """
                    INSERT INTO rate_limit_overrides (kind, name, rate, burst)
                    VALUES (\(override.kind), \(override.name), \(override.rate), \(Int64(override.burst)))
                    ON CONFLICT (kind, name) DO UPDATE SET rate = excluded.rate, burst = excluded.burst
                    """
                )
            }
            try Self.insertAudit(audit, in: session)
            // As SQLite's triggers: removing an override that was not there leaves the version as it is.
            if (result.metadata.rows ?? 0) > 0 { try Self.bumpConfigurationVersion(in: session) }
        }
    }
}
