import CanonicalModel
import Foundation
import Ingest
import Mapping
import Storage

/// Fixing what failed: dry runs and replays of dead letters, one at a time or all that match a filter, each audited.
public struct DeadLetterTriage: Sendable {
    let ingest: IngestService
    let audit: any AuditLog

    /// Creates a DeadLetterTriage from its parts.
    public init(ingest: IngestService, audit: any AuditLog) {
        self.ingest = ingest
        self.audit = audit
    }

    /// What one replay did.
    public struct ReplayReport: Sendable {
        public let deadLetterId: Int64
        public let channel: String
        /// The orders whose events were stored, empty when the replay failed.
        public let orderIds: [String]
        /// Why it failed again, nil when it succeeded.
        public let failure: String?
    }

    /// The events the active mapping makes of `body` (the stored payload when nil), without storing anything.
    public func dryRun(tenant: String, letter: DeadLetter, body: [UInt8]?) -> MappingWorkbench.SampleOutcome {
        guard let active = ingest.mappingInUse(tenant: tenant, channel: letter.channel) else {
            do throws(PayloadError) {
                let message = try CanonicalChannelDecoder().decode(try JSONReader().parse(body ?? letter.body))
                return .events(MappingPreview.lines(message, channel: letter.channel), skipped: message.skipped)
            } catch {
                return .payloadError(error)
            }
        }
        return MappingWorkbench.apply(active.mapping, to: body ?? letter.body)
    }

    /// Replays one dead letter (with `replacement` as the corrected message when given) and audits it as `actor`.
    public func replay(tenant: String, id: Int64, replacement: [UInt8]?, actor: String) async -> ReplayReport {
        let channel = (try? ingest.store.deadLetter(tenant: tenant, id: id))??.channel ?? ""
        let report: ReplayReport
        do throws(IngestError) {
            let outcome = try await ingest.replay(tenant: tenant, deadLetterId: id, replacementBody: replacement)
            var orders: [String] = []
            for event in outcome.events where !orders.contains(event.orderId) { orders.append(event.orderId) }
            report = ReplayReport(deadLetterId: id, channel: channel, orderIds: orders, failure: nil)
        } catch {
            report = ReplayReport(deadLetterId: id, channel: channel, orderIds: [], failure: Self.describe(error))
        }
        try? await audit.audit(
            AuditEntry(
                tenant: tenant, actor: actor, action: replacement == nil ? "dead_letter.replay" : "dead_letter.replay_edited", target: String(id),
                before: nil, after: JSONString.quoted(report.failure ?? "replayed"), at: Timestamp.format(Date())
            )
        )
        return report
    }

    /// Replays open dead letters matching `filter` after id `after`, at most `limit`; each is its own transaction, so
    /// stopping half-way loses nothing. Returns one report per dead letter and where to continue when more may match.
    public func replayMatching(
        tenant: String, filter: DeadLetterFilter, after: Int64 = 0, limit: Int = 200, actor: String
    ) async throws(StoreError) -> (reports: [ReplayReport], next: Int64?) {
        var open = filter
        open.status = .open
        let letters = try ingest.store.deadLetters(tenant: tenant, matching: open, after: after, limit: limit)
        var reports: [ReplayReport] = []
        for letter in letters {
            if Task.isCancelled { break }
            reports.append(await replay(tenant: tenant, id: letter.id, replacement: nil, actor: actor))
        }
        let next = letters.count == limit ? letters.last?.id : nil
        return (reports, next)
    }

    static func describe(_ error: IngestError) -> String {
        switch error {
        case .payload(let payload): return payload.field.map { "\(payload.code) at \($0): \(payload.message)" } ?? "\(payload.code): \(payload.message)"
        case .store(let store): return store.message
        default: return "\(error)"
        }
    }
}
