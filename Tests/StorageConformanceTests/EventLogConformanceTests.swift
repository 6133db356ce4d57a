import CanonicalModel
import Foundation
import Storage
import Testing

/// The event log's promises, proven against every backend in ``Backend/all``.
@Suite struct EventLogConformanceTests {
    @Test(arguments: Backend.all) func aResentMessageStoresNothingAndGetsTheFirstAnswer(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            let again = try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            #expect(!first.replayed)
            #expect(again.replayed)
            #expect(again.response == first.response)
            #expect(again.events.isEmpty)
            #expect(try store.events(tenant: Samples.tenant, after: 0, limit: 10).count == 1)
            #expect(try store.counts(tenant: Samples.tenant).messages == 1)
        }
    }

    @Test(arguments: Backend.all) func aKeyReusedWithOtherContentIsKeptAsADeadLetterNotReplayed(backend: Backend) async throws {
        try await backend.withStore { store in
            func send(_ body: String) async throws -> AppendResult {
                var message = Samples.message("m1", body: body)
                message.contentKey = "digest:" + body
                return try await store.append([Samples.payment("o1")], from: .message(message), receivedAt: Date()) { committed in
                    StoredResponse(status: 202, body: "{\"events\":\(committed.count)}")
                }
            }
            let first = try await send("{\"a\":1}")
            #expect(try await send("{\"a\":1}").replayed, "the same key with the same content is a resend")
            let reused = try await send("{\"a\":2}")
            #expect(!reused.replayed && reused.events.isEmpty)
            #expect(reused.response.status == 409)
            let deadLetterId = try #require(reused.reusedKeyDeadLetterId)
            #expect(try store.deadLetter(tenant: Samples.tenant, id: deadLetterId)?.body == Array("{\"a\":2}".utf8))
            let again = try await send("{\"a\":2}")
            #expect(again.replayed && again.response == reused.response)
            #expect(try store.events(tenant: Samples.tenant, after: 0, limit: 10).count == 1)
            #expect(first.response.status == 202)
        }
    }

    @Test(arguments: Backend.all) func concurrentResendsStoreOneEvent(backend: Backend) async throws {
        try await backend.withStore { store in
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await Samples.append([Samples.payment("o1")], key: "same", to: store).replayed }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { !$0 }.count == 1)
            #expect(try store.events(tenant: Samples.tenant, after: 0, limit: 100).count == 1)
        }
    }

    @Test(arguments: Backend.all) func olderAndImpossibleEventsAreKeptButChangeNothing(backend: Backend) async throws {
        try await backend.withStore { store in
            let paid = try await Samples.append([Samples.payment("o1", sequence: 5)], key: "m1", to: store)
            #expect(paid.events.first?.outcome == .applied)
            #expect(paid.events.first?.status == "paid")
            let older = try await Samples.append([Samples.cancellation("o1", sequence: 3)], key: "m2", to: store)
            #expect(older.events.first?.outcome == .stale)
            #expect(older.events.first?.status == "paid")
            _ = try await Samples.append([Samples.cancellation("o1", sequence: 6)], key: "m3", to: store)
            let impossible = try await Samples.append([Samples.payment("o1", sequence: 7)], key: "m4", to: store)
            #expect(impossible.events.first?.outcome == .conflict)
            let order = try #require(try store.order(tenant: Samples.tenant, id: "o1"))
            #expect(order.status == "cancelled")
            #expect(order.conflicts.count == 1)
            #expect(order.timeline.count == 4)
        }
    }

    @Test(arguments: Backend.all) func concurrentEventsOfOneOrderGetASequenceWithoutGaps(backend: Backend) async throws {
        try await backend.withStore { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { try await Samples.append([Samples.payment("o1")], key: "m\(index)", to: store) }
                }
                try await group.waitForAll()
            }
            let events = try store.events(tenant: Samples.tenant, after: 0, limit: 100)
            #expect(events.count == 40)
            let order = try #require(try store.order(tenant: Samples.tenant, id: "o1"))
            #expect(order.sequence == 40)
            #expect(order.timeline.count == 40)
            let positions = events.map(\.position)
            #expect(positions == positions.sorted())
            #expect(Set(positions).count == positions.count)
        }
    }

    @Test(arguments: Backend.all) func theFeedKeepsTenantsApartAndServesInCommitOrder(backend: Backend) async throws {
        try await backend.withStore { store in
            for index in 0..<5 {
                try await Samples.append([Samples.payment("a\(index)")], key: "a\(index)", to: store, tenant: "t1")
                try await Samples.append([Samples.payment("b\(index)")], key: "b\(index)", to: store, tenant: "t2")
            }
            let first = try store.events(tenant: "t1", after: 0, limit: 3)
            let rest = try store.events(tenant: "t1", after: try #require(first.last).position, limit: 10)
            #expect((first + rest).map(\.orderId) == (0..<5).map { "a\($0)" })
            #expect((first + rest).allSatisfy { $0.tenant == "t1" && $0.type == .paymentConfirmed })
            #expect(try store.latestPosition(tenant: "t2") == store.events(tenant: "t2", after: 0, limit: 10).last?.position)
            let one = try #require(rest.first)
            #expect(try store.event(tenant: "t1", position: one.position)?.id == one.id)
            #expect(try store.event(tenant: "t2", position: one.position) == nil)
        }
    }

    @Test(arguments: Backend.all) func aLongPollWakesWhenACommitArrives(backend: Backend) async throws {
        try await backend.withStore { store in
            async let waited = store.waitForEvents(tenant: Samples.tenant, after: 0, limit: 10, wait: .seconds(20))
            try await Task.sleep(for: .milliseconds(200))
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            // Timed from the commit (however long a busy machine took to make it): the timeout is 20 s away.
            let committed = ContinuousClock.now
            let events = try await waited
            #expect(events.count == 1)
            #expect(ContinuousClock.now - committed < .seconds(10), "woken by the commit, not by the timeout")
            let empty = try await store.waitForEvents(tenant: Samples.tenant, after: events[0].position, limit: 10, wait: .milliseconds(100))
            #expect(empty.isEmpty)
        }
    }
}
