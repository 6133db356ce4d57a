import Storage

extension SQLiteEventStore {
    /// Stores a new client; `conflict` when the id is taken.
    public func createClient(_ client: ClientRecord, audit: AuditEntry) async throws {
        try await writer.write { connection in
            guard try Self.client(id: client.clientId, in: connection) == nil else {
                throw StoreError(.conflict, "client \(client.clientId) exists")
            }
            try connection.run(
                """
                INSERT INTO clients (client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(client.clientId), .text(client.tenant), .text(client.name), .text(client.scopes.joined(separator: " ")),
                    .blob(client.secretSalt), .blob(client.secretHash), .text(client.status.rawValue), .text(client.createdAt), .text(client.updatedAt),
                ]
            )
            try Self.insert(audit, in: connection)
        }
    }

    /// Changes a stored client with `change`, recording `audit` (under the client's tenant when `audit` names none);
    /// returns the client as it was and as it is.
    public func updateClient(
        id: String, tenant: String?, audit: AuditEntry, _ change: @escaping @Sendable (inout ClientRecord) -> Void
    ) async throws -> (before: ClientRecord, after: ClientRecord) {
        try await writer.write { connection in
            guard let before = try Self.client(id: id, in: connection), tenant == nil || before.tenant == tenant else {
                throw StoreError(.notFound, "client \(id) not found")
            }
            var after = before
            change(&after)
            try connection.run(
                "UPDATE clients SET name = ?, scopes = ?, secret_salt = ?, secret_hash = ?, status = ?, updated_at = ? WHERE client_id = ?",
                [
                    .text(after.name), .text(after.scopes.joined(separator: " ")), .blob(after.secretSalt), .blob(after.secretHash),
                    .text(after.status.rawValue), .text(after.updatedAt), .text(id),
                ]
            )
            var entry = audit
            if entry.tenant.isEmpty { entry.tenant = before.tenant }
            try Self.insert(entry, in: connection)
            return (before, after)
        }
    }

    /// The client `id`, of any tenant.
    public func client(id: String) throws(StoreError) -> ClientRecord? {
        try readers.read { connection throws(SQLiteError) in try Self.client(id: id, in: connection) }
    }

    /// Every client, or those of `tenant`.
    public func clients(tenant: String?) throws(StoreError) -> [ClientRecord] {
        try readers.read { connection throws(SQLiteError) in
            let columns = "SELECT client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at FROM clients"
            if let tenant {
                return try connection.query(columns + " WHERE tenant = ? ORDER BY client_id", [.text(tenant)], row: Self.clientRow)
            }
            return try connection.query(columns + " ORDER BY tenant, client_id", [], row: Self.clientRow)
        }
    }

    static func client(id: String, in connection: SQLiteConnection) throws(SQLiteError) -> ClientRecord? {
        try connection.query(
            "SELECT client_id, tenant, name, scopes, secret_salt, secret_hash, status, created_at, updated_at FROM clients WHERE client_id = ?",
            [.text(id)], row: clientRow
        ).first
    }

    static func clientRow(_ row: SQLiteStatement) throws(SQLiteError) -> ClientRecord {
        ClientRecord(
            clientId: row.text(0), tenant: row.text(1), name: row.text(2),
            scopes: row.text(3).split(separator: " ").map(String.init), secretSalt: row.blob(4), secretHash: row.blob(5),
            status: try row.value(6, as: ClientStatus.self), createdAt: row.text(7), updatedAt: row.text(8)
        )
    }
}
