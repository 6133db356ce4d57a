import Foundation
import NIOCore
import PostgresNIO
import Storage

extension PostgresEventStore: AccessStore {
    /// Stores a new client, recording `audit`; `conflict` when the id is taken.
    public func createClient(_ client: ClientRecord, audit: AuditEntry) async throws {
        try await write { transaction in
            let session = transaction.session
            guard try Self.client(id: client.clientId, in: session) == nil else {
                throw StoreError(.conflict, "client \(client.clientId) exists")
            }
            try session.run(
                """
                INSERT INTO clients (client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at)
                VALUES (\(client.clientId), \(client.tenant), \(client.name), \(client.scopes.joined(separator: " ")),
                    \(ByteBuffer(bytes: client.secretSalt)), \(ByteBuffer(bytes: client.secretHash)), \(client.status.rawValue),
                    \(client.createdAt), \(client.updatedAt))
                """
            )
            try Self.insertAudit(audit, in: session)
            try Self.bumpConfigurationVersion(in: session)
        }
    }

    /// Changes a stored client with `change`, recording `audit` (under the client's tenant when `audit` names none);
    /// returns the client as it was and as it is.
    public func updateClient(
        id: String, tenant: String?, audit: AuditEntry, _ change: @escaping @Sendable (inout ClientRecord) -> Void
    ) async throws -> (before: ClientRecord, after: ClientRecord) {
        try await write { transaction in
            let session = transaction.session
            guard let before = try Self.client(id: id, in: session), tenant == nil || before.tenant == tenant else {
                throw StoreError(.notFound, "client \(id) not found")
            }
            var after = before
            change(&after)
            try session.run(
                """
                UPDATE clients SET name = \(after.name), scopes = \(after.scopes.joined(separator: " ")),
                    secret_salt = \(ByteBuffer(bytes: after.secretSalt)), secret_hash = \(ByteBuffer(bytes: after.secretHash)),
                    status = \(after.status.rawValue), updated_at = \(after.updatedAt)
                WHERE client_id = \(id)
                """
            )
            var entry = audit
            if entry.tenant.isEmpty { entry.tenant = before.tenant }
            try Self.insertAudit(entry, in: session)
            try Self.bumpConfigurationVersion(in: session)
            return (before: before, after: after)
        }
    }

    /// The client `id`, of any tenant, or nil.
    public func client(id: String) throws(StoreError) -> ClientRecord? {
        try readers.with { session throws(StoreError) -> ClientRecord? in try Self.client(id: id, in: session) }
    }

    /// Every client ordered by tenant and id, or those of `tenant` ordered by id.
    public func clients(tenant: String?) throws(StoreError) -> [ClientRecord] {
        try readers.with { session throws(StoreError) -> [ClientRecord] in
            var clients: [ClientRecord] = []
            for row in try session.run(
                """
                SELECT client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at FROM clients
                WHERE (\(tenant)::TEXT IS NULL OR tenant = \(tenant))
                ORDER BY tenant COLLATE "C", client_id COLLATE "C"
                """
            ) {
                clients.append(try Self.clientRecord(row))
            }
            return clients
        }
    }

    /// The client `id` read in `session`, or nil.
    static func client(id: String, in session: PostgresSession) throws(StoreError) -> ClientRecord? {
        let rows = try session.run(
            """
            SELECT client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at FROM clients
            WHERE client_id = \(id)
            """
        )
        guard let row = rows.first else { return nil }
        return try clientRecord(row)
    }

    /// A client from a row of the columns `client(id:in:)` selects.
    private static func clientRecord(_ row: PostgresRow) throws(StoreError) -> ClientRecord {
        let (clientId, tenant, name, scopes, salt, hash, status, createdAt, updatedAt) = try Self.decoding {
            try row.decode((String, String, String, String, ByteBuffer, ByteBuffer, String, String, String).self)
        }
        guard let clientStatus = ClientStatus(rawValue: status) else {
            throw StoreError(.internal, "stored value \"\(status)\" of client \(clientId) is not a ClientStatus")
        }
        return ClientRecord(
            clientId: clientId, tenant: tenant, name: name, scopes: scopes.split(separator: " ").map(String.init),
            secretSalt: Array(salt.readableBytesView), secretHash: Array(hash.readableBytesView), status: clientStatus,
            createdAt: createdAt, updatedAt: updatedAt
        )
    }
}
