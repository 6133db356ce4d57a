import CanonicalModel
import Foundation
import PostgresNIO
import Storage

extension PostgresEventStore: EventLog {
    /// Stores `events` from `source` in one transaction and returns the answer `respond` builds, once committed.
    public func append(
        _ events: [PendingEvent], from source: AppendSource, receivedAt: Date,
        respond: @escaping @Sendable ([CommittedEvent]) -> StoredResponse
    ) async throws -> AppendResult {
        let source = try sealing.sealed(source)
        return try await write(hints: WriteHints(source: source, events: events)) { transaction in
            try Appender.append(events, from: source, receivedAt: receivedAt, respond: respond, in: transaction)
        }
    }

    /// Events of `tenant` after log position `after`, oldest first.
    public func events(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [FeedEvent] {
        try logged("WHERE tenant = \(tenant) AND position > \(after) ORDER BY position LIMIT \(Int64(limit))").map { $0.feedEvent() }
    }

    /// Events of `tenant` after `after`; when there are none, waits up to `wait` for a commit (of any replica).
    public func waitForEvents(tenant: String, after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent] {
        try await waitFor(wait) { () throws(StoreError) in try events(tenant: tenant, after: after, limit: limit) }
    }

    /// Events of every tenant after `after`, without envelopes; waits up to `wait` when there are none.
    public func waitForAllEvents(after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent] {
        try await waitFor(wait) { () throws(StoreError) in
            try logged("WHERE position > \(after) ORDER BY position LIMIT \(Int64(limit))").map { $0.feedEvent(withEnvelope: false) }
        }
    }

    /// The event of `tenant` at `position`, or nil.
    public func event(tenant: String, position: Int64) throws(StoreError) -> FeedEvent? {
        try logged("WHERE tenant = \(tenant) AND position = \(position)").first?.feedEvent()
    }

    /// The newest log position of `tenant` (0 when it has no events).
    public func latestPosition(tenant: String) throws(StoreError) -> Int64 {
        try readers.with { session throws(StoreError) in
            let rows = try session.run("SELECT COALESCE(MAX(position), 0)::BIGINT FROM events WHERE tenant = \(tenant)")
            return rows.first.flatMap { try? $0.decode(Int64.self) } ?? 0
        }
    }

    /// Runs `read` until it finds something or `wait` is over: woken at once by this replica's commits, and every
    /// ``pollInterval`` for the others'.
    private func waitFor(_ wait: Duration, _ read: () throws(StoreError) -> [FeedEvent]) async throws(StoreError) -> [FeedEvent] {
        let deadline = ContinuousClock.now + wait
        while true {
            let generation = signal.generation
            let found = try read()
            let now = ContinuousClock.now
            if !found.isEmpty || now >= deadline || Task.isCancelled { return found }
            await signal.wait(after: generation, timeout: min(deadline - now, Self.pollInterval))
        }
    }

    /// The logged events a `WHERE … ORDER BY …` clause selects.
    func logged(_ clause: PostgresQuery) throws(StoreError) -> [LoggedEvent] {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.eventColumns) FROM events ")
        query.sql += clause.sql
        query.binds = clause.binds
        return try readers.with { session throws(StoreError) in
            var events: [LoggedEvent] = []
            for row in try session.run(query) { events.append(try Self.loggedEvent(row)) }
            return events
        }
    }

    static let eventColumns =
        "position, id, channel, type, order_id, recorded_at, tenant, channel_order_id, sequence, channel_sequence, outcome, data, mapping_version"

    static func loggedEvent(_ row: PostgresRow) throws(StoreError) -> LoggedEvent {
        do {
            let (position, id, channel, type, orderId, recordedAt, tenant, channelOrderId, sequence, channelSequence, outcome, data, mapping) =
                try row.decode((Int64, String, String, String, String, String, String, String, Int64, Int64?, String, String, String?).self)
            guard let eventType = EventType(rawValue: type), let eventOutcome = EventOutcome(rawValue: outcome) else {
                throw StoreError(.internal, "event \(id) has an unknown type \(type) or outcome \(outcome)")
            }
            return LoggedEvent(
                position: position, id: id, channel: channel, type: eventType, orderId: orderId, recordedAt: recordedAt, tenant: tenant,
                channelOrderId: channelOrderId, orderSequence: sequence, channelSequence: channelSequence, outcome: eventOutcome, data: data,
                mappingVersion: mapping
            )
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internal, "an event row cannot be read: \(error)")
        }
    }
}
