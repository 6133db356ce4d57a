import CanonicalModel
import Foundation
import Mapping
import Storage

/// Publishes new mapping versions per tenant: only one that compiles and passes its channel's contract tests
/// becomes active; every version is kept with author, time, diff and the contract tests it carried, and any can be
/// made active again. Publishing a mapping for a channel that does not exist yet creates it for the tenant.
public struct MappingPublisher: Sendable {
    /// Why a version was not published; the active version stays as it was.
    public enum Failure: Error, Sendable {
        case invalid(MappingError)
        case wrongChannel(expected: String, found: String)
        case unknownChannel(String)
        case noContractTests(String)
        case contractTestsFailed([String])
        case invalidChannelName(String)
        case store(StoreError)
    }

    /// What a publish ran and stored.
    public struct Published: Sendable {
        public let record: MappingVersionRecord
        /// The compiled version now active.
        public let mapping: CompiledMapping
        /// Contract tests run and passed: the channel's folder, the carried ones, and those of the version before.
        public let contractTestsPassed: Int
        /// True when the publish created the channel.
        public let createdChannel: Bool
    }

    let ingest: IngestService
    public let contractsDirectory: String
    public let mappingsDirectory: String
    private let serial = SerialExecution()

    public init(ingest: IngestService, contractsDirectory: String, mappingsDirectory: String) {
        self.ingest = ingest
        self.contractsDirectory = contractsDirectory
        self.mappingsDirectory = mappingsDirectory
    }

    /// Compiles `source`, runs the channel's contract tests with it (its folder, `carried`, and the tests stored with
    /// the active version), and stores and activates it as the next version, with an audit entry.
    ///
    /// A channel nobody configured or mapped yet is created for `tenant`; it needs at least one contract test.
    public func publish(
        tenant: String, channel: String, source: String, author: String, contractTests carried: [ContractTestCase] = []
    ) async throws(Failure) -> Published {
        let existing = ingest.channel(named: channel, tenant: tenant)
        let checked = try check(tenant: tenant, channel: channel, source: source, contractTests: carried)
        let failures = checked.results.compactMap { item in item.failure.map { "\(item.name): \($0)" } }
        guard failures.isEmpty else { throw .contractTestsFailed(failures) }
        let mapping = checked.mapping
        let cases = checked.cases
        let results = checked.results
        // One publish or rollback at a time, so the registry ends on the version the store marks active.
        return try await serial.run { () throws(Failure) -> Published in
            do {
                let previous = try ingest.store.mappingVersions(tenant: tenant, channel: channel).first
                let diff = LineDiff.make(from: previous?.source, to: source)
                let audit = AuditEntry(
                    tenant: tenant, actor: author, action: existing == nil ? "mapping.create_channel" : "mapping.publish", target: channel,
                    before: previous.map { "\"v\($0.version)\"" }, after: nil, at: Timestamp.format(Date())
                )
                let record = try await ingest.store.publishMapping(
                    tenant: tenant, channel: channel, source: source, author: author, diff: diff, previousVersion: previous?.version ?? 0,
                    contractTests: cases, audit: audit, at: Date()
                )
                ingest.mappings.activate(mapping, version: record.version, tenant: tenant)
                return Published(record: record, mapping: mapping, contractTestsPassed: results.count, createdChannel: existing == nil)
            } catch {
                throw .store(error as? StoreError ?? StoreError(.internal, "\(error)"))
            }
        }
    }

    /// A draft compiled and run against the channel's contract tests, without publishing it.
    public struct Checked: Sendable {
        public let mapping: CompiledMapping
        /// The carried cases and those stored with the active version, as a publish would store them.
        public let cases: [ContractTestCase]
        /// Every case run (carried, stored and the channel's folder), failed or passed.
        public let results: [ContractTestRunner.CaseResult]
    }

    /// Compiles `source` for `channel` and runs the contract tests a publish would run; throws only when it cannot run them.
    public func check(tenant: String, channel: String, source: String, contractTests carried: [ContractTestCase] = []) throws(Failure) -> Checked {
        guard ChannelDefinition.isValidName(channel) else { throw .invalidChannelName(channel) }
        if let existing = ingest.channel(named: channel, tenant: tenant), existing.format != .mapping { throw .unknownChannel(channel) }
        let mapping = try compile(source, channel: channel)
        let runner = ContractTestRunner(contractsDirectory: contractsDirectory, mappingsDirectory: mappingsDirectory)
        let stored: [ContractTestCase]
        do {
            stored = try ingest.store.mappingVersions(tenant: tenant, channel: channel).first(where: \.active)?.contractTests ?? []
        } catch {
            throw .store(error)
        }
        // Carried tests replace those of the version before when they have the same name.
        let carriedNames = Set(carried.map(\.name))
        let cases = carried + stored.filter { !carriedNames.contains($0.name) }
        let folderResults = runner.channels().contains(channel) ? runner.run(channel: channel, mapping: mapping).cases : []
        let results = runner.run(cases, channel: channel, mapping: mapping).cases + folderResults
        guard !results.isEmpty else { throw .noContractTests(channel) }
        return Checked(mapping: mapping, cases: cases, results: results)
    }

    /// Makes a stored version of the tenant's channel mapping active again.
    public func rollback(tenant: String, channel: String, to version: Int64, author: String) async throws(Failure) -> MappingVersionRecord {
        guard ingest.channel(named: channel, tenant: tenant)?.format == .mapping else { throw .unknownChannel(channel) }
        return try await serial.run { () throws(Failure) -> MappingVersionRecord in
            let stored: MappingVersionRecord
            do {
                guard let found = try ingest.store.mappingVersions(tenant: tenant, channel: channel).first(where: { $0.version == version }) else {
                    throw StoreError(.notFound, "\(channel) has no mapping version \(version)")
                }
                stored = found
            } catch {
                throw .store(error as? StoreError ?? StoreError(.internal, "\(error)"))
            }
            // Compiled before it is activated: a version that no longer compiles stays inactive.
            let mapping = try compile(stored.source, channel: channel)
            let record: MappingVersionRecord
            do {
                let audit = AuditEntry(
                    tenant: tenant, actor: author, action: "mapping.rollback", target: channel, before: nil, after: nil, at: Timestamp.format(Date())
                )
                record = try await ingest.store.activateMapping(tenant: tenant, channel: channel, version: version, by: author, audit: audit, at: Date())
            } catch {
                throw .store(error as? StoreError ?? StoreError(.internal, "\(error)"))
            }
            ingest.mappings.activate(mapping, version: record.version, tenant: tenant)
            return record
        }
    }

    /// Loads every tenant's active published versions into the registry (at start, and when another process may have
    /// published one); versions already active here are not compiled again.
    public func loadPublished() throws {
        for (tenant, record) in try ingest.store.allActiveMappings()
        where ingest.mappings.published(tenant: tenant, channel: record.channel)?.version != "\(record.channel)@v\(record.version)" {
            ingest.mappings.activate(try compile(record.source, channel: record.channel), version: record.version, tenant: tenant)
        }
    }

    /// Compiles `source` as `channel`'s mapping (its `channel:` must name it), without running any contract test.
    public func compile(_ source: String, channel: String) throws(Failure) -> CompiledMapping {
        var compiler = MappingCompiler(file: "\(channel).yaml", baseDirectory: mappingsDirectory)
        let mapping: CompiledMapping
        do {
            mapping = try compiler.compile(source)
        } catch {
            throw .invalid(error)
        }
        guard mapping.channel == channel else { throw .wrongChannel(expected: channel, found: mapping.channel) }
        return mapping
    }
}
