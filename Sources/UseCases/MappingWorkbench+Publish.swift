import CanonicalModel
import Foundation
import Ingest
import Mapping
import Storage

extension MappingWorkbench {
    /// What a publish-and-replay did: the version published and one report per dead letter it replayed.
    public struct PublishedAndReplayed: Sendable {
        public let published: MappingPublisher.Published
        public let replays: [DeadLetterTriage.ReplayReport]
    }

    /// Publishes `source` (gated by the contract tests, as the API publishes) and then replays the open dead letters of
    /// the channel that the new version maps, each audited, with one audit entry for the whole action.
    public func publishAndReplay(
        tenant: String, channel: String, source: String, actor: String, replayLimit: Int = 500
    ) async throws(MappingPublisher.Failure) -> PublishedAndReplayed {
        let published = try await publisher.publish(tenant: tenant, channel: channel, source: source, author: actor)
        let fixed: [DeadLetter]
        do throws(StoreError) {
            fixed = try ingest.store.deadLetters(tenant: tenant, matching: DeadLetterFilter(status: .open, channel: channel), after: 0, limit: replayLimit)
        } catch {
            throw .store(error)
        }
        let triage = DeadLetterTriage(ingest: ingest, audit: audit)
        var reports: [DeadLetterTriage.ReplayReport] = []
        for letter in fixed {
            // Only those the published version maps: the others would only fail again.
            guard case .events = Self.apply(published.mapping, to: letter.body) else { continue }
            reports.append(await triage.replay(tenant: tenant, id: letter.id, replacement: nil, actor: actor))
        }
        try? await audit.audit(
            AuditEntry(
                tenant: tenant, actor: actor, action: "mapping.publish_and_replay", target: channel,
                before: nil, after: "{\"version\":\(published.record.version),\"replayed\":\(reports.filter { $0.failure == nil }.count),\"failed\":\(reports.filter { $0.failure != nil }.count)}",
                at: Timestamp.format(Date())
            )
        )
        return PublishedAndReplayed(published: published, replays: reports)
    }
}
