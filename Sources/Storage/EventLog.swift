import Foundation

/// The event log: appends each message's events atomically and serves them back in commit order.
public protocol EventLog: AnyObject, Sendable {
    /// Stores `events` from `source` in one transaction and returns the answer `respond` builds, once durable.
    ///
    /// A message whose key was stored before stores nothing and returns the original answer (`replayed`).
    func append(
        _ events: [PendingEvent], from source: AppendSource, receivedAt: Date,
        respond: @escaping @Sendable ([CommittedEvent]) -> StoredResponse
    ) async throws -> AppendResult

    /// Events of `tenant` after log position `after`, oldest first.
    func events(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [FeedEvent]

    /// Events of `tenant` after `after`; when there are none, waits up to `wait` for a commit that adds some.
    func waitForEvents(tenant: String, after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent]

    /// Events of every tenant after `after`, without envelopes (ChannelGate's own cores read `data`); waits up to `wait`.
    func waitForAllEvents(after: Int64, limit: Int, wait: Duration) async throws(StoreError) -> [FeedEvent]

    /// The event of `tenant` at `position`, or nil.
    func event(tenant: String, position: Int64) throws(StoreError) -> FeedEvent?

    /// The newest log position of `tenant` (0 when it has no events).
    func latestPosition(tenant: String) throws(StoreError) -> Int64
}
