import CanonicalModel
import Foundation
import Logging
@testable import PostgresStore
@testable import Storage
import Synchronization
import Testing
import TestSupport

/// What holds only when several replicas share one PostgreSQL database: the feed's order and idempotency across them.
@Suite struct PostgresReplicaTests {
    let logger = Logger(label: "replicas")

    /// Two stores on one database, as two gateway replicas would have.
    func replicas() async throws -> (PostgresEventStore, PostgresEventStore) {
        let logger = logger
        return try await offCooperativeThreads {
            let url = try ThrowawayPostgres.start().createDatabase()
            return (try PostgresEventStore(url: url, logger: logger), try PostgresEventStore(url: url, logger: logger))
        }
    }

    @Test func aLaterTransactionWaitsSoTheFeedNeverSkipsAnEarlierPosition() async throws {
        let (first, second) = try await replicas()
        defer { first.close(); second.close() }
        // Transaction A takes the head and writes an event, and is held open.
        let held = PostgresSession(location: first.location, logger: logger)
        defer { held.close() }
        try held.run("BEGIN")
        let transaction = try PostgresAppendTransaction(session: held)
        let position = try transaction.insertEvent(
            EventRow(
                id: "held", tenant: Samples.tenant, orderId: "o-held", sequence: 1, type: .orderCreated, channel: Samples.channel,
                channelOrderId: "c-held", channelSequence: nil, outcome: .applied, inboundId: nil, recordedAt: Timestamp.format(Date()),
                dataJSON: "{}", mappingVersion: nil
            )
        )
        // Transaction B, on another replica, starts after A and must not commit before it.
        let finished = Flag()
        let later = Task {
            defer { finished.value.store(true, ordering: .relaxed) }
            return try await Samples.append([Samples.payment("o-later")], key: "later", to: second)
        }
        try await Task.sleep(for: .milliseconds(400))
        let finishedEarly = finished.value.load(ordering: .relaxed)
        #expect(!finishedEarly, "B committed while A held the head")
        #expect(try second.events(tenant: Samples.tenant, after: 0, limit: 10).isEmpty, "nothing is visible before A commits")
        try transaction.finish()
        try held.run("COMMIT")
        let stored = try await later.value
        let feed = try first.events(tenant: Samples.tenant, after: 0, limit: 10)
        #expect(feed.map(\.id) == ["held", try #require(stored.events.first).id])
        #expect(feed.map(\.position) == [position, position + 1])
    }

    @Test func theSameMessageSentToTwoReplicasAtOnceIsStoredOnce() async throws {
        let (first, second) = try await replicas()
        defer { first.close(); second.close() }
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for index in 0..<12 {
                let replica = index.isMultiple(of: 2) ? first : second
                group.addTask { try await Samples.append([Samples.payment("o1")], key: "same", to: replica) }
            }
            return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
        }
        #expect(results.filter { !$0.replayed }.count == 1)
        #expect(Set(results.map(\.response.body)).count == 1, "every resend got the first answer")
        #expect(try first.events(tenant: Samples.tenant, after: 0, limit: 10).count == 1)
        #expect(try second.counts(tenant: Samples.tenant).messages == 1)
    }

    @Test func aWebhookDeliverySeenByOneReplicaIsAReplayAtTheOthers() async throws {
        let (first, second) = try await replicas()
        defer { first.close(); second.close() }
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                let replica = index.isMultiple(of: 2) ? first : second
                group.addTask { try replica.claimDelivery(channel: "shop", id: "evt-1", windowSeconds: 300) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(claims.filter { $0 }.count == 1, "one replica takes the delivery, the others see a replay")
        #expect(try second.claimDelivery(channel: "other-shop", id: "evt-1", windowSeconds: 300), "ids are per channel")
        try first.releaseDelivery(channel: "shop", id: "evt-1")
        #expect(try second.claimDelivery(channel: "shop", id: "evt-1", windowSeconds: 300), "a delivery not acknowledged may come again")
        #expect(try first.claimDelivery(channel: "shop", id: "evt-1", windowSeconds: 0), "outside the window it is new again")
    }

    @Test func aLongPollOnOneReplicaSeesAnotherReplicasCommitQuickly() async throws {
        let (first, second) = try await replicas()
        defer { first.close(); second.close() }
        async let waited = first.waitForEvents(tenant: Samples.tenant, after: 0, limit: 10, wait: .seconds(20))
        try await Task.sleep(for: .milliseconds(200))
        let committed = ContinuousClock.now
        try await Samples.append([Samples.payment("o1")], key: "m1", to: second)
        let events = try await waited
        #expect(events.count == 1)
        // Well inside the 20 s wait, with room for a suite that keeps both cores busy.
        #expect(ContinuousClock.now - committed < .seconds(12), "found by polling the log, not by the timeout")
    }
}

/// A flag set by one task and read by another.
private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
}
