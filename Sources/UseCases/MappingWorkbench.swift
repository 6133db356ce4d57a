import CanonicalModel
import Foundation
import Ingest
import Mapping
import Storage

/// Changing a mapping safely: try a draft on a sample, against the contract tests and over the channel's stored
/// traffic, then publish it and replay the dead letters it fixes in one audited step.
public struct MappingWorkbench: Sendable {
    let ingest: IngestService
    let publisher: MappingPublisher
    let archive: any InboundArchive
    let audit: any AuditLog

    /// Creates a MappingWorkbench from its parts.
    public init(ingest: IngestService, publisher: MappingPublisher, archive: any InboundArchive, audit: any AuditLog) {
        self.ingest = ingest
        self.publisher = publisher
        self.archive = archive
        self.audit = audit
    }

    /// The mapping text a channel runs now and its version label (`shopify@v3`, or the shipped file's).
    public struct ActiveSource: Sendable {
        public let source: String
        public let version: String

        /// Creates an ActiveSource from its parts.
        public init(source: String, version: String) {
            self.source = source
            self.version = version
        }
    }

    /// The active mapping's text of `channel`: its published version, else the shipped file; nil when it has neither.
    public func activeSource(tenant: String, channel: String) throws(StoreError) -> ActiveSource? {
        if let record = try ingest.store.mappingVersions(tenant: tenant, channel: channel).first(where: \.active) {
            return ActiveSource(source: record.source, version: "\(channel)@v\(record.version)")
        }
        guard let shipped = ingest.mappingInUse(tenant: tenant, channel: channel),
              let text = try? String(contentsOfFile: publisher.mappingsDirectory + "/" + channel + ".yaml", encoding: .utf8)
        else { return nil }
        return ActiveSource(source: text, version: shipped.version)
    }

    /// What a draft does to one payload: the events it produces, or why it produced none.
    public enum SampleOutcome: Sendable {
        /// The draft does not compile.
        case compileError(MappingError)
        /// The draft compiled but refused the payload.
        case payloadError(PayloadError)
        /// One canonical event per line (JSON), or none with the reason the mapping skipped it.
        case events([String], skipped: String?)
    }

    /// Compiles `source` as `channel`'s mapping and applies it to `sample`.
    public func preview(channel: String, source: String, sample: [UInt8]) -> SampleOutcome {
        let mapping: CompiledMapping
        switch Self.compile(source, channel: channel, publisher: publisher) {
        case .success(let compiled): mapping = compiled
        case .failure(let error): return .compileError(error)
        }
        return Self.apply(mapping, to: sample)
    }

    /// Compiles `source` for `channel` as a publish would; a mapping for another channel is reported at its first line.
    static func compile(_ source: String, channel: String, publisher: MappingPublisher) -> Result<CompiledMapping, MappingError> {
        do throws(MappingPublisher.Failure) {
            return .success(try publisher.compile(source, channel: channel))
        } catch .invalid(let error) {
            return .failure(error)
        } catch {
            return .failure(MappingError(file: "\(channel).yaml", line: 1, column: 1, message: "\(error)"))
        }
    }

    static func apply(_ mapping: CompiledMapping, to body: [UInt8]) -> SampleOutcome {
        do throws(PayloadError) {
            let message = try mapping.apply(body)
            return .events(MappingPreview.lines(message, channel: mapping.channel), skipped: message.skipped)
        } catch {
            return .payloadError(error)
        }
    }

    /// The contract tests a publish of `source` would run, each passed or failed, or the reason none can run.
    public func contractResults(tenant: String, channel: String, source: String) -> Result<[ContractTestRunner.CaseResult], MappingPublisher.Failure> {
        do throws(MappingPublisher.Failure) {
            return .success(try publisher.check(tenant: tenant, channel: channel, source: source).results)
        } catch {
            return .failure(error)
        }
    }
}
