import CanonicalModel
import Foundation

/// Published mapping versions per tenant and channel, and which one is active.
public protocol MappingVersionStore: AnyObject, Sendable {
    /// Stores `source` with the contract tests it was published with as the version after `previousVersion`, makes it
    /// active and writes `audit` in the same transaction; conflict when another publish came first.
    func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64,
        contractTests: [ContractTestCase], audit: AuditEntry?, at time: Date
    ) async throws -> MappingVersionRecord

    /// Makes `version` the active one (a rollback or roll-forward), writing `audit` in the same transaction.
    func activateMapping(tenant: String, channel: String, version: Int64, by author: String, audit: AuditEntry?, at time: Date) async throws -> MappingVersionRecord

    /// Every version of `channel`'s mapping for `tenant`, newest first.
    func mappingVersions(tenant: String, channel: String) throws(StoreError) -> [MappingVersionRecord]

    /// The active version of each channel of `tenant`.
    func activeMappings(tenant: String) throws(StoreError) -> [MappingVersionRecord]

    /// The active version of each channel of every tenant.
    func allActiveMappings() throws(StoreError) -> [(tenant: String, record: MappingVersionRecord)]
}

extension MappingVersionStore {
    /// Publishes now.
    public func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64
    ) async throws -> MappingVersionRecord {
        try await publishMapping(
            tenant: tenant, channel: channel, source: source, author: author, diff: diff, previousVersion: previousVersion,
            contractTests: [], audit: nil, at: Date()
        )
    }

    /// Publishes at `time` with no contract tests of its own and no audit entry.
    public func publishMapping(
        tenant: String, channel: String, source: String, author: String, diff: String, previousVersion: Int64, at time: Date
    ) async throws -> MappingVersionRecord {
        try await publishMapping(
            tenant: tenant, channel: channel, source: source, author: author, diff: diff, previousVersion: previousVersion,
            contractTests: [], audit: nil, at: time
        )
    }

    /// Activates at `time` with no audit entry.
    public func activateMapping(tenant: String, channel: String, version: Int64, by author: String, at time: Date) async throws -> MappingVersionRecord {
        try await activateMapping(tenant: tenant, channel: channel, version: version, by: author, audit: nil, at: time)
    }

    /// Activates now.
    public func activateMapping(tenant: String, channel: String, version: Int64, by author: String) async throws -> MappingVersionRecord {
        try await activateMapping(tenant: tenant, channel: channel, version: version, by: author, audit: nil, at: Date())
    }
}
