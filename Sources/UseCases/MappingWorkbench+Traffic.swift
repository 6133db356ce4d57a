import CanonicalModel
import Foundation
import Ingest
import Mapping
import Storage

extension MappingWorkbench {
    /// A draft run over a channel's stored traffic, grouped by what it would change.
    public struct TrafficRun: Sendable {
        /// Open dead letters the draft maps: replaying them after a publish would store these events.
        public var fixes: [Fix] = []
        /// Open dead letters the draft still refuses, with its error.
        public var stillFailing: [(letter: DeadLetter, error: PayloadError)] = []
        /// Archived messages whose events would differ, with the events before and after.
        public var changes: [Change] = []
        /// Archived messages the active mapping maps and the draft refuses.
        public var breaks: [(message: ArchivedMessage, error: PayloadError)] = []
        /// Archived messages mapped to the same events by both.
        public var unchanged = 0
        /// How many open dead letters and archived messages were read.
        public var deadLettersRead = 0
        public var messagesRead = 0

        /// One dead letter the draft would fix.
        public struct Fix: Sendable {
            public let letter: DeadLetter
            public let events: [String]
        }

        /// One archived message whose events would change: one JSON event per line, as the active mapping and the draft make them.
        public struct Change: Sendable {
            public let message: ArchivedMessage
            public let before: [String]
            public let after: [String]
        }
    }

    /// Applies the draft `source` to `channel`'s open dead letters (up to `deadLetterLimit`, oldest first) and to its
    /// newest `messageLimit` archived messages, comparing the latter with what the active mapping makes of them now.
    public func runOverTraffic(
        tenant: String, channel: String, source: String, deadLetterLimit: Int = 200, messageLimit: Int = 200
    ) throws(StoreError) -> Result<TrafficRun, MappingError> {
        let draft: CompiledMapping
        switch Self.compile(source, channel: channel, publisher: publisher) {
        case .success(let compiled): draft = compiled
        case .failure(let error): return .failure(error)
        }
        var run = TrafficRun()
        let letters = try ingest.store.deadLetters(
            tenant: tenant, matching: DeadLetterFilter(status: .open, channel: channel), after: 0, limit: deadLetterLimit
        )
        run.deadLettersRead = letters.count
        for letter in letters {
            switch Self.apply(draft, to: letter.body) {
            case .events(let events, _): run.fixes.append(TrafficRun.Fix(letter: letter, events: events))
            case .payloadError(let error): run.stillFailing.append((letter, error))
            case .compileError: break
            }
        }
        let messages = try archive.recentMessages(tenant: tenant, channel: channel, limit: messageLimit)
        run.messagesRead = messages.count
        let active = ingest.mappingInUse(tenant: tenant, channel: channel)?.mapping
        for message in messages {
            let before = active.map { Self.apply($0, to: message.body) }
            let after = Self.apply(draft, to: message.body)
            switch (before, after) {
            case (.events(let old, _)?, .events(let new, _)) where old == new:
                run.unchanged += 1
            case (.events(let old, _)?, .events(let new, _)):
                run.changes.append(TrafficRun.Change(message: message, before: old, after: new))
            case (.events?, .payloadError(let error)):
                run.breaks.append((message, error))
            case (_, .payloadError):
                run.unchanged += 1
            case (_, .events(let new, _)):
                run.changes.append(TrafficRun.Change(message: message, before: [], after: new))
            case (_, .compileError):
                break
            }
        }
        return .success(run)
    }
}
