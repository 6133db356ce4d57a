import CanonicalModel
import Foundation
import Storage
import Testing

/// Leases: one holder at a time, takeover after expiry, and writes of a former holder refused.
/// Live leases last an hour, so a step of the machine's wall clock (seen on shared VMs) cannot expire them mid-test.
@Suite struct LeaseConformanceTests {
    @Test(arguments: Backend.all) func oneHolderAtATimeAndTakeoverAfterExpiry(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = try #require(try await store.acquireLease("job", owner: "a", seconds: 3_600))
            #expect(try await store.acquireLease("job", owner: "b", seconds: 3_600) == nil)
            // Renewed to a short time, so it expires in this test.
            let renewed = try #require(try await store.renewLease(first, seconds: 0.2))
            #expect(renewed.epoch == first.epoch)
            try await Task.sleep(for: .milliseconds(400))
            let second = try #require(try await store.acquireLease("job", owner: "b", seconds: 3_600))
            #expect(second.epoch > first.epoch)
            #expect(try await store.renewLease(first, seconds: 3_600) == nil, "a lost lease cannot be renewed")
            #expect(try store.currentLease("job")?.owner == "b")
            try await store.releaseLease(first)
            #expect(try store.currentLease("job")?.owner == "b", "releasing a lost lease leaves the new holder alone")
            try await store.releaseLease(second)
            let third = try #require(try await store.acquireLease("job", owner: "a", seconds: 3_600), "a released lease is free at once")
            #expect(third.epoch > second.epoch)
        }
    }

    @Test(arguments: Backend.all) func aFormerHolderCannotWrite(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            let former = try #require(try await store.acquireLease("routing-core", owner: "a", seconds: 0.2))
            try await Task.sleep(for: .milliseconds(300))
            let current = try #require(try await store.acquireLease("routing-core", owner: "b", seconds: 3_600))
            let decision = Samples.event("o1", .orderRouted, sequence: nil, body: .routing(json: "{}"))
            await #expect {
                try await store.append([decision], from: .core(tenant: Samples.tenant, channel: Samples.channel, lease: former), receivedAt: Date()) { _ in
                    StoredResponse(status: 200, body: "")
                }
            } throws: { ($0 as? StoreError)?.kind == .leaseLost }
            let stored = try await store.append(
                [decision], from: .core(tenant: Samples.tenant, channel: Samples.channel, lease: current), receivedAt: Date()
            ) { _ in StoredResponse(status: 200, body: "") }
            #expect(stored.events.count == 1)
            #expect(try store.events(tenant: Samples.tenant, after: 0, limit: 10).map(\.type) == [.paymentConfirmed, .orderRouted])
        }
    }

    @Test(arguments: Backend.all) func outboxMarksAndSubscriptionCursorsAreRefusedUnderALostLease(backend: Backend) async throws {
        try await backend.withStore { store in
            var change = Samples.cancellation("o1")
            change.outbound = true
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            _ = try await store.append([change], from: .core(tenant: Samples.tenant, channel: Samples.channel), receivedAt: Date()) { _ in
                StoredResponse(status: 200, body: "")
            }
            let entry = try #require(try store.dueOutboxEntries(now: Date().addingTimeInterval(1), limit: 10).first)
            let now = Timestamp.format(Date())
            try await store.createSubscription(
                SubscriptionRecord(
                    id: "sub1", tenant: Samples.tenant, url: "http://127.0.0.1:9/hook", eventTypes: [], channels: [], secret: [1],
                    includePersonalData: false, status: .active, cursor: 0, createdAt: now, updatedAt: now
                ),
                audit: Samples.audit("subscription.create")
            )
            let former = try #require(try await store.acquireLease("outbound/work/shop", owner: "a", seconds: 0.2))
            try await Task.sleep(for: .milliseconds(300))
            let current = try #require(try await store.acquireLease("outbound/work/shop", owner: "b", seconds: 3_600))
            let isLeaseLost = { (error: any Error) in (error as? StoreError)?.kind == .leaseLost }
            await #expect(performing: { try await store.markOutboxSent(id: entry.id, at: Date(), under: former) }, throws: isLeaseLost)
            await #expect(performing: { try await store.markOutboxAttempt(id: entry.id, error: "x", retryAt: nil, under: former) }, throws: isLeaseLost)
            await #expect(performing: { try await store.advanceSubscription(id: "sub1", to: 1, delivered: true, at: Date(), under: former) }, throws: isLeaseLost)
            #expect(try store.outboxEntries(tenant: Samples.tenant, status: .pending, after: 0, limit: 10).map(\.attempts) == [0], "nothing written")
            #expect(try store.subscription(id: "sub1", tenant: Samples.tenant)?.cursor == 0)
            try await store.markOutboxSent(id: entry.id, at: Date(), under: current)
            #expect(try store.outboxEntries(tenant: Samples.tenant, status: .sent, after: 0, limit: 10).count == 1, "the holder's write goes through")
        }
    }

    @Test(arguments: Backend.all) func aPollerCheckpointIsSavedOnlyUnderTheCurrentLease(backend: Backend) async throws {
        try await backend.withStore { store in
            let name = PollerCheckpoint.leaseName(tenant: Samples.tenant, channel: Samples.channel)
            #expect(try store.pollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel) == PollerCheckpoint())
            let former = try #require(try await store.acquireLease(name, owner: "a", seconds: 3_600))
            let saved = PollerCheckpoint(highWater: 100, roundSince: nil, pageToken: "p2", rounds: 1)
            try await store.savePollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel, saved, under: former)
            #expect(try store.pollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel) == saved)
            _ = try await store.renewLease(former, seconds: 0.2)
            try await Task.sleep(for: .milliseconds(300))
            let current = try #require(try await store.acquireLease(name, owner: "b", seconds: 3_600))
            await #expect {
                try await store.savePollerCheckpoint(
                    tenant: Samples.tenant, channel: Samples.channel, PollerCheckpoint(highWater: 5, roundSince: nil, pageToken: nil, rounds: 9), under: former
                )
            } throws: { ($0 as? StoreError)?.kind == .leaseLost }
            #expect(try store.pollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel) == saved, "a former holder changed nothing")
            var next = saved
            next.pageToken = nil
            next.rounds = 2
            try await store.savePollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel, next, under: current)
            #expect(try store.pollerCheckpoint(tenant: Samples.tenant, channel: Samples.channel) == next)
        }
    }
}
