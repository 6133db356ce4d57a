import Foundation
import Mapping
import Store

/// Publishes new mapping versions per tenant: only one that compiles and passes its channel's contract tests
/// becomes active; every version is kept with author, time and diff, and any can be made active again.
public struct MappingPublisher: Sendable {
    /// Why a version was not published; the active version stays as it was.
    public enum Failure: Error, Sendable {
        case invalid(MappingError)
        case wrongChannel(expected: String, found: String)
        case unknownChannel(String)
        case noContractTests(String)
        case contractTestsFailed([String])
        case store(StoreError)
    }

    let ingest: IngestService
    let contractsDirectory: String

    public init(ingest: IngestService, contractsDirectory: String) {
        self.ingest = ingest
        self.contractsDirectory = contractsDirectory
    }

    /// Compiles `source`, runs the channel's contract tests with it, and stores and activates it as the next version.
    public func publish(tenant: String, channel: String, source: String, author: String) async throws(Failure) -> MappingVersionRecord {
        guard ingest.channel(named: channel)?.format == .mapping else { throw .unknownChannel(channel) }
        let mapping = try compile(source, channel: channel)
        let runner = ContractTestRunner(contractsDirectory: contractsDirectory, mappingsDirectory: "")
        guard runner.channels().contains(channel) else { throw .noContractTests(channel) }
        let result = runner.run(channel: channel, mapping: mapping)
        let failures = result.cases.compactMap { item in item.failure.map { "\(item.name): \($0)" } }
        guard failures.isEmpty else { throw .contractTestsFailed(failures) }
        do {
            let record = try await ingest.store.publishMapping(tenant: tenant, channel: channel, source: source, author: author) { previous in
                LineDiff.make(from: previous, to: source)
            }
            ingest.mappings.activate(mapping, version: record.version, tenant: tenant)
            return record
        } catch {
            throw .store(error as? StoreError ?? StoreError(.unavailable, "\(error)"))
        }
    }

    /// Makes a stored version of the tenant's channel mapping active again.
    public func rollback(tenant: String, channel: String, to version: Int64, author: String) async throws(Failure) -> MappingVersionRecord {
        guard ingest.channel(named: channel)?.format == .mapping else { throw .unknownChannel(channel) }
        let record: MappingVersionRecord
        do {
            record = try await ingest.store.activateMapping(tenant: tenant, channel: channel, version: version, by: author)
        } catch {
            throw .store(error as? StoreError ?? StoreError(.unavailable, "\(error)"))
        }
        ingest.mappings.activate(try compile(record.source, channel: channel), version: record.version, tenant: tenant)
        return record
    }

    /// Loads every tenant's active published versions into the registry (at start).
    public func loadPublished() throws {
        for (tenant, record) in try ingest.store.allActiveMappings() {
            ingest.mappings.activate(try compile(record.source, channel: record.channel), version: record.version, tenant: tenant)
        }
    }

    private func compile(_ source: String, channel: String) throws(Failure) -> CompiledMapping {
        var compiler = MappingCompiler(file: "\(channel).yaml")
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
