import CanonicalModel
import Foundation
import Ingest
import Logging
import SQLiteStore
import Storage
import Synchronization
import Testing

@Suite struct EventStoreTests {
    @Test func storesAnOrderAndReadsItBack() async throws {
        let fixture = try StoreFixture()
        let outcome = try await fixture.post(StoreFixture.order("A-1"))
        #expect(outcome.response.status == 202)
        let event = try #require(outcome.events.first)
        #expect(event.sequence == 1)
        #expect(event.outcome == .applied)
        let view = try #require(try fixture.store.order(tenant: "t1", id: event.orderId))
        #expect(view.status == "created")
        #expect(view.timeline.count == 1)
        #expect(view.order?.amounts.total == 1000)
        #expect(event.orderId.hasPrefix("ord_") && event.orderId.count == 30)
        let update = try await fixture.post(StoreFixture.order("A-1", status: "paid"))
        #expect(update.events.first?.orderId == event.orderId, "a later event of the order keeps its id")
    }

    @Test func aResentMessageStoresNothingAndGetsTheOriginalAnswer() async throws {
        let fixture = try StoreFixture()
        let first = try await fixture.post(StoreFixture.order("A-1"))
        let second = try await fixture.post(StoreFixture.order("A-1"))
        #expect(!first.replayed)
        #expect(second.replayed)
        #expect(second.response == first.response)
        #expect(try fixture.store.counts(tenant: "t1").events == 1)
        // The same content under an explicit key is a different message; the key resent with its body is a duplicate.
        _ = try await fixture.post(StoreFixture.order("A-1"), key: "k1")
        #expect(try await fixture.post(StoreFixture.order("A-1"), key: "k1").replayed)
        #expect(try fixture.store.counts(tenant: "t1").events == 2)
    }

    @Test func aKeyReusedForDifferentContentIsAConflictKeptAsADeadLetterNeverAReplay() async throws {
        let fixture = try StoreFixture()
        _ = try await fixture.post(StoreFixture.order("A-1"), key: "k1")
        let reused = try await fixture.post(StoreFixture.order("A-1", total: "12.00"), key: "k1")
        #expect(!reused.replayed)
        #expect(reused.response.status == 409)
        #expect(reused.response.body.contains("\"code\":\"idempotency_key_reused\""))
        #expect(reused.response.body.contains("\"field\":\"Idempotency-Key\""))
        let deadLetterId = try #require(reused.deadLetterId)
        let letter = try #require(try fixture.store.deadLetter(tenant: "t1", id: deadLetterId))
        #expect(String(decoding: letter.body, as: UTF8.self).contains("12.00"), "the new content is kept, not lost")
        #expect(letter.errorCode == "idempotency_key_reused")
        #expect(try fixture.store.counts(tenant: "t1").events == 1, "nothing of it was applied")
        // Sent again, it gets the same answer and no second dead letter.
        let again = try await fixture.post(StoreFixture.order("A-1", total: "12.00"), key: "k1")
        #expect(again.replayed && again.response == reused.response)
        #expect(try fixture.store.deadLetters(tenant: "t1", status: nil, after: 0, limit: 10).count == 1)
        // Replayed by an operator after review, its content is applied.
        let replayed = try await fixture.ingest.replay(tenant: "t1", deadLetterId: deadLetterId, replacementBody: nil)
        #expect(replayed.events.first?.outcome == .applied)
        let orderId = try #require(replayed.events.first?.orderId)
        #expect(try fixture.store.order(tenant: "t1", id: orderId)?.order?.amounts.total == 1200)
    }

    @Test func staleEventsAreKeptButNeverOverwriteNewerState() async throws {
        let fixture = try StoreFixture()
        let created = try await fixture.post(StoreFixture.order("A-1"))
        let orderId = try #require(created.events.first?.orderId)
        _ = try await fixture.post(StoreFixture.event("ShipmentUpdated", "A-1", #""shipment":{"status":"delivered"}"#, sequence: 5))
        let late = try await fixture.post(StoreFixture.event("ShipmentUpdated", "A-1", #""shipment":{"status":"shipped"}"#, sequence: 3))
        #expect(late.events.first?.outcome == .stale)
        let view = try #require(try fixture.store.order(tenant: "t1", id: orderId))
        #expect(view.status == "delivered")
        #expect(view.timeline.count == 3)
        #expect(view.timeline[2].outcome == .stale)
    }

    @Test func olderUpdateTimesAreStaleToo() async throws {
        let fixture = try StoreFixture()
        let newer = try await fixture.post(StoreFixture.order("A-1", total: "20.00", updatedAt: "2026-11-27T12:00:00Z"))
        let older = try await fixture.post(
            StoreFixture.order("A-1", total: "10.00", updatedAt: "2026-11-27T11:00:00Z").replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"type\":\"OrderUpdated\",\"channelOrderId\"")
        )
        #expect(older.events.first?.outcome == .stale)
        let orderId = try #require(newer.events.first?.orderId)
        let view = try #require(try fixture.store.order(tenant: "t1", id: orderId))
        #expect(view.order?.amounts.total == 2000)
    }

    @Test func messageIdsThatDifferAfterANulCharacterAreDifferentMessages() async throws {
        let fixture = try StoreFixture()
        let first = StoreFixture.order("N-A").replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"messageId\":\"batch-7\\u0000A\",\"channelOrderId\"")
        let second = StoreFixture.order("N-B").replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"messageId\":\"batch-7\\u0000B\",\"channelOrderId\"")
        _ = try await fixture.post(first)
        let answer = try await fixture.post(second)
        #expect(!answer.replayed)
        #expect(try fixture.store.counts(tenant: "t1").events == 2)
    }

    @Test func anUpdateWithoutTimesIsNotStale() async throws {
        let fixture = try StoreFixture()
        let created = try await fixture.post(StoreFixture.order("U-1"))
        _ = try await fixture.post(StoreFixture.event(
            "PaymentConfirmed", "U-1", #""payment":{"amount":"10.00","currency":"CNY","paidAt":"2026-11-27T10:05:00Z"}"#, at: "2026-11-27T10:05:00Z"
        ))
        let update = StoreFixture.order("U-1", status: "delivered").replacingOccurrences(of: "{\"channelOrderId\"", with: "{\"type\":\"OrderUpdated\",\"channelOrderId\"")
        let outcome = try await fixture.post(update)
        #expect(outcome.events.first?.outcome == .applied)
        let orderId = try #require(created.events.first?.orderId)
        #expect(try fixture.store.order(tenant: "t1", id: orderId)?.status == "delivered")
    }

    @Test func impossibleTransitionsAreRecordedAsConflicts() async throws {
        let fixture = try StoreFixture()
        let created = try await fixture.post(StoreFixture.order("A-1"))
        _ = try await fixture.post(StoreFixture.event("OrderCancelled", "A-1", #""cancellation":{"reason":"buyer"}"#))
        let shipped = try await fixture.post(StoreFixture.event("ShipmentUpdated", "A-1", #""shipment":{"status":"shipped"}"#))
        #expect(shipped.events.first?.outcome == .conflict)
        let orderId = try #require(created.events.first?.orderId)
        let view = try #require(try fixture.store.order(tenant: "t1", id: orderId))
        #expect(view.status == "cancelled")
        #expect(view.conflicts.count == 1)
        #expect(view.conflicts.first?.reason.contains("cancelled") == true)
    }

    @Test func paymentBeforeCreationFillsInLater() async throws {
        let fixture = try StoreFixture()
        let paid = try await fixture.post(StoreFixture.event(
            "PaymentConfirmed", "A-1", #""payment":{"amount":"10.00","currency":"CNY","paidAt":"2026-11-27T10:05:00Z"}"#, at: "2026-11-27T10:05:00Z"
        ))
        _ = try await fixture.post(StoreFixture.order("A-1"))
        let orderId = try #require(paid.events.first?.orderId)
        let view = try #require(try fixture.store.order(tenant: "t1", id: orderId))
        #expect(view.status == "paid")
        #expect(view.order != nil)
        #expect(view.sequence == 2)
    }

    @Test func splitOrdersLinkParentAndChildren() async throws {
        let fixture = try StoreFixture()
        let child = StoreFixture.order("P-1-a").replacingOccurrences(of: "\"status\":", with: "\"parentChannelOrderId\":\"P-1\",\"status\":")
        let outcome = try await fixture.post(child)
        let parentId = OrderIdentity.derivedOrderId(tenant: "t1", channel: "canonical", channelOrderId: "P-1")
        let childId = try #require(outcome.events.first?.orderId)
        let childView = try #require(try fixture.store.order(tenant: "t1", id: childId))
        #expect(childView.parentOrderId == parentId)
        _ = try await fixture.post(StoreFixture.order("P-1"))
        let parentView = try #require(try fixture.store.order(tenant: "t1", id: parentId))
        #expect(parentView.childOrderIds == [childView.orderId])
    }

    @Test func tenantsNeverSeeEachOther() async throws {
        let fixture = try StoreFixture()
        let mine = try await fixture.post(StoreFixture.order("A-1"), tenant: "t1")
        let theirs = try await fixture.post(StoreFixture.order("A-1"), tenant: "t2")
        let myOrder = try #require(mine.events.first?.orderId)
        #expect(myOrder != theirs.events.first?.orderId)
        #expect(try fixture.store.order(tenant: "t2", id: myOrder) == nil)
        #expect(try fixture.store.events(tenant: "t2", after: 0, limit: 100).count == 1)
        #expect(try fixture.store.orders(tenant: "t1", filter: OrderFilter()).map(\.orderId) == [myOrder])
    }

    @Test func concurrentWritesShareCommits() async throws {
        let batches = Mutex<[Int]>([])
        let directory = NSTemporaryDirectory() + "channelgate-group-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteEventStore(path: directory + "/s.sqlite", logger: Logger(label: "test")) { size in
            batches.withLock { $0.append(size) }
        }
        defer { store.close() }
        let ingest = IngestService(store: store, channels: [], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    _ = try await ingest.ingest(IngestRequest(
                        tenant: "t", channel: "canonical", contentType: "application/json", body: Array(StoreFixture.order("C-\(index)").utf8)
                    ))
                }
            }
            try await group.waitForAll()
        }
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 300)
        #expect(sizes.count < 300, "300 concurrent writes should need fewer than 300 commits, got \(sizes.count)")
        #expect(try store.counts(tenant: "t").events == 300)
    }

    @Test func theWALIsCopiedIntoTheDatabaseFileOffTheWriterThread() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-checkpoint-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.sqlite"
        var configuration = SQLiteEventStore.Configuration()
        configuration.checkpointPages = 8
        let store = try SQLiteEventStore(path: path, configuration: configuration, logger: Logger(label: "test"))
        let sizeAtOpen = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let ingest = IngestService(store: store, channels: [], logger: Logger(label: "test"))
        for index in 0..<60 {
            _ = try await ingest.ingest(IngestRequest(
                tenant: "t", channel: "canonical", contentType: "application/json", body: Array(StoreFixture.order("W-\(index)").utf8)
            ))
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while store.checkpointsCompleted == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(store.checkpointsCompleted > 0)
        // In WAL mode only a checkpoint writes the database file itself.
        let sizeNow = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(sizeNow > sizeAtOpen)
        store.close()
        let reopened = try SQLiteEventStore(path: path, logger: Logger(label: "test"))
        defer { reopened.close() }
        #expect(try reopened.counts(tenant: "t").events == 60)
    }

    @Test func reopeningKeepsEverythingAndTheSchemaVersion() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-reopen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.sqlite"
        let firstVersion: Int
        do {
            let store = try SQLiteEventStore(path: path, logger: Logger(label: "test"))
            firstVersion = try store.schemaVersion()
            let ingest = IngestService(store: store, channels: [], logger: Logger(label: "test"))
            _ = try await ingest.ingest(IngestRequest(tenant: "t", channel: "canonical", contentType: "application/json", body: Array(StoreFixture.order("R-1").utf8)))
            store.close()
        }
        let reopened = try SQLiteEventStore(path: path, logger: Logger(label: "test"))
        defer { reopened.close() }
        #expect(firstVersion >= 4)
        #expect(try reopened.schemaVersion() == firstVersion)
        #expect(try reopened.counts(tenant: "t").events == 1)
    }
}

@Suite struct OrderIdentityTests {
    @Test func eventIdsAreVersion7UUIDsInTimeOrder() {
        let early = OrderIdentity.eventId(at: Date(timeIntervalSince1970: 1_800_000_000))
        let late = OrderIdentity.eventId(at: Date(timeIntervalSince1970: 1_800_000_001))
        #expect(early.count == 36)
        #expect(Array(early)[14] == "7")
        #expect(["8", "9", "a", "b"].contains(Array(early)[19]))
        #expect(early < late)
        #expect(UUID(uuidString: early) != nil)
        #expect(Set((0..<1000).map { _ in OrderIdentity.eventId() }).count == 1000)
    }

    @Test func derivedOrderIdsAreStablePerTenantChannelAndOrder() {
        let id = OrderIdentity.derivedOrderId(tenant: "t", channel: "shop", channelOrderId: "1")
        #expect(id == OrderIdentity.derivedOrderId(tenant: "t", channel: "shop", channelOrderId: "1"))
        #expect(id != OrderIdentity.derivedOrderId(tenant: "t2", channel: "shop", channelOrderId: "1"))
        #expect(id != OrderIdentity.derivedOrderId(tenant: "t", channel: "shop2", channelOrderId: "1"))
        #expect(id.hasPrefix("ord_") && id.count == 30)
    }

    @Test func newOrderIdsSortInCreationOrder() {
        let times = [0, 1_000, 1_800_000_000, 1_800_000_000.001, 1_800_000_001, 4_000_000_000].map(Date.init(timeIntervalSince1970:))
        let ids = times.map { OrderIdentity.newOrderId(at: $0) }
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.hasPrefix("ord_") && $0.count == 30 })
        #expect(ids.allSatisfy { $0.dropFirst(4).allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) } })
        #expect(Set((0..<1000).map { _ in OrderIdentity.newOrderId() }).count == 1000)
    }
}
