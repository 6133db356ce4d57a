import Access
import CanonicalModel
import Foundation
import Storage

/// Creates and changes API clients, auditing every change; shared by the admin API and `channelgate clients`.
public struct ClientRegistry: Sendable {
    let store: any StorageBackend

    /// Creates a ClientRegistry from its parts.
    public init(store: any StorageBackend) {
        self.store = store
    }

    /// A new client with a fresh secret; the secret is returned once and stored only hashed.
    public func create(
        tenant: String, name: String, scopes: [String], clientId: String? = nil, actor: String
    ) async throws -> (client: ClientRecord, secret: String) {
        if let unknown = scopes.first(where: { !AccessScope.isKnown($0) }) {
            throw ClientRegistryError(code: "invalid_scope", message: "unknown scope \(unknown)", field: "scopes")
        }
        let id = clientId ?? "cl_" + ClientSecret.randomBytes(8).map { String(format: "%02x", $0) }.joined()
        guard Self.isValidId(id) else {
            throw ClientRegistryError(code: "invalid_client_id", message: "client ids are 1-64 letters, digits, -, _ or .", field: "clientId")
        }
        guard TenantId.isValid(tenant) else {
            throw ClientRegistryError(code: "invalid_tenant", message: "tenant ids are 1-64 letters, digits, - or _", field: "tenant")
        }
        let (secret, stored) = ClientSecret.generate()
        let now = Timestamp.format(Date())
        let client = ClientRecord(
            clientId: id, tenant: tenant, name: name, scopes: scopes, secretSalt: stored.salt, secretHash: stored.hash, status: .active,
            createdAt: now, updatedAt: now
        )
        try await store.createClient(
            client, audit: AuditEntry(tenant: tenant, actor: actor, action: "client.create", target: id, before: nil, after: Self.describe(client), at: now)
        )
        return (client, secret)
    }

    /// Replaces a client's secret; the old one stops working at once. Returns the new secret.
    public func rotateSecret(clientId: String, tenant: String?, actor: String) async throws -> String {
        let (secret, stored) = ClientSecret.generate()
        let now = Timestamp.format(Date())
        _ = try await store.updateClient(
            id: clientId, tenant: tenant,
            audit: AuditEntry(tenant: tenant ?? "", actor: actor, action: "client.rotate_secret", target: clientId, before: nil, after: nil, at: now)
        ) { client in
            client.secretSalt = stored.salt
            client.secretHash = stored.hash
            client.updatedAt = now
        }
        return secret
    }

    /// Disables or re-enables a client.
    public func setStatus(clientId: String, tenant: String?, active: Bool, actor: String) async throws -> ClientRecord {
        let now = Timestamp.format(Date())
        let status: ClientStatus = active ? .active : .disabled
        let result = try await store.updateClient(
            id: clientId, tenant: tenant,
            audit: AuditEntry(
                tenant: tenant ?? "", actor: actor, action: active ? "client.enable" : "client.disable", target: clientId,
                before: nil, after: JSONString.quoted(status.rawValue), at: now
            )
        ) { client in
            client.status = status
            client.updatedAt = now
        }
        return result.after
    }

    /// The client as JSON, without its secret.
    public static func describe(_ client: ClientRecord) -> String {
        "{\"clientId\":" + JSONString.quoted(client.clientId) + ",\"tenant\":" + JSONString.quoted(client.tenant) + ",\"name\":"
            + JSONString.quoted(client.name) + ",\"scopes\":[" + client.scopes.map(JSONString.quoted).joined(separator: ",") + "],\"status\":"
            + JSONString.quoted(client.status.rawValue) + ",\"createdAt\":" + JSONString.quoted(client.createdAt) + ",\"updatedAt\":"
            + JSONString.quoted(client.updatedAt) + "}"
    }

    static func isValidId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
                || byte == 0x2E
        }
    }
}

/// A client change that was refused, with a stable code and the field at fault.
public struct ClientRegistryError: Error, CustomStringConvertible {
    public let code: String
    public let message: String
    public let field: String
    public var description: String { "\(field): \(message)" }
}
