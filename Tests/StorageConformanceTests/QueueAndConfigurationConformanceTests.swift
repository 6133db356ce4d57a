import CanonicalModel
import Foundation
import Storage
import Testing

/// The outbox work queue, versioned configuration, node state and subscriptions.
@Suite struct QueueAndConfigurationConformanceTests {
    @Test(arguments: Backend.all) func outboxEntriesAreDueRetriedGivenUpAndRetriedOnRequest(backend: Backend) async throws {
        try await backend.withStore { store in
            var change = Samples.cancellation("o1")
            change.outbound = true
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            _ = try await store.append([change], from: .core(tenant: Samples.tenant, channel: Samples.channel), receivedAt: Date()) { _ in
                StoredResponse(status: 200, body: "")
            }
            let due = try store.dueOutboxEntries(now: Date().addingTimeInterval(1), limit: 10)
            let entry = try #require(due.first)
            #expect(due.count == 1)
            #expect(entry.eventType == .orderCancelled && entry.status == .pending && entry.eventId == change.id)
            try await store.markOutboxAttempt(id: entry.id, error: "503", retryAt: Date().addingTimeInterval(3600))
            #expect(try store.dueOutboxEntries(now: Date().addingTimeInterval(1), limit: 10).isEmpty, "waiting for its retry time")
            try await store.markOutboxAttempt(id: entry.id, error: "503 again", retryAt: nil)
            let failed = try store.outboxEntries(tenant: Samples.tenant, status: .failed, after: 0, limit: 10)
            #expect(failed.map(\.id) == [entry.id])
            #expect(failed.first?.attempts == 2)
            try await store.retryOutboxEntry(tenant: Samples.tenant, id: entry.id, audit: Samples.audit("outbox.retry"))
            #expect(try store.dueOutboxEntries(now: Date().addingTimeInterval(1), limit: 10).map(\.id) == [entry.id])
            try await store.markOutboxSent(id: entry.id, at: Date())
            #expect(try store.outboxEntries(tenant: Samples.tenant, status: .sent, after: 0, limit: 10).count == 1)
            #expect(try store.dueOutboxEntries(now: Date().addingTimeInterval(1), limit: 10).isEmpty)
        }
    }

    @Test(arguments: Backend.all) func mappingVersionsCountUpAndAStalePublishIsRefused(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = try await store.publishMapping(
                tenant: Samples.tenant, channel: "shop", source: "a: 1", author: "x", diff: "", previousVersion: 0, at: Date()
            )
            let second = try await store.publishMapping(
                tenant: Samples.tenant, channel: "shop", source: "a: 2", author: "x", diff: "-a: 1\n+a: 2", previousVersion: first.version, at: Date()
            )
            #expect(second.version > first.version)
            await #expect(throws: StoreError.self) {
                try await store.publishMapping(
                    tenant: Samples.tenant, channel: "shop", source: "a: 3", author: "y", diff: "", previousVersion: first.version, at: Date()
                )
            }
            _ = try await store.activateMapping(tenant: Samples.tenant, channel: "shop", version: first.version, by: "x", at: Date())
            #expect(try store.activeMappings(tenant: Samples.tenant).map(\.version) == [first.version])
            #expect(try store.mappingVersions(tenant: Samples.tenant, channel: "shop").count == 2)
            #expect(try store.activeMappings(tenant: "other").isEmpty)
        }
    }

    @Test(arguments: Backend.all) func routingPoliciesAndNodeStateSurviveAsStored(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = try await store.publishRoutingPolicy(source: "rules: []", author: "x", diff: "", audit: Samples.audit("routing.policy"))
            let second = try await store.publishRoutingPolicy(source: "rules: [a]", author: "x", diff: "", audit: Samples.audit("routing.policy"))
            #expect(try store.routingPolicyVersions().first { $0.active }?.version == second.version)
            _ = try await store.activateRoutingPolicy(version: first.version, by: "x", audit: Samples.audit("routing.policy.activate"))
            #expect(try store.routingPolicyVersions().first { $0.active }?.version == first.version)

            try await store.setNodeStatus(nodeId: "hub", status: "down", audit: Samples.audit("routing.node_status", target: "hub"))
            try await store.setStock(nodeId: "hub", sku: "S1", onHand: 5, audit: Samples.audit("routing.stock", target: "hub/S1"))
            try await store.setStock(nodeId: "hub", sku: "S1", onHand: 7, audit: Samples.audit("routing.stock", target: "hub/S1"))
            try await store.setStock(nodeId: "store-2", sku: "S2", onHand: 1, audit: Samples.audit("routing.stock", target: "store-2/S2"))
            #expect(try store.nodeStates() == [
                NodeStateRecord(nodeId: "hub", status: "down", stock: ["S1": 7]),
                NodeStateRecord(nodeId: "store-2", status: nil, stock: ["S2": 1]),
            ])
            #expect(try store.auditEntries(actions: ["routing.stock"]).count == 3, "each change is audited with it")
        }
    }

    @Test(arguments: Backend.all) func aSubscriptionCursorMovesAndFailuresAreSetAside(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            try await Samples.append([Samples.payment("o2")], key: "m2", to: store)
            let events = try store.events(tenant: Samples.tenant, after: 0, limit: 10)
            let now = Timestamp.format(Date())
            let subscription = SubscriptionRecord(
                id: "sub1", tenant: Samples.tenant, url: "http://127.0.0.1:9/hook", eventTypes: [], channels: [], secret: [1, 2, 3],
                includePersonalData: false, status: .active, cursor: 0, createdAt: now, updatedAt: now
            )
            try await store.createSubscription(subscription, audit: Samples.audit("subscription.create"))
            #expect(try store.subscription(id: "sub1", tenant: Samples.tenant)?.secret == [1, 2, 3])
            #expect(try store.subscription(id: "sub1", tenant: "other") == nil)
            try await store.advanceSubscription(id: "sub1", to: events[0].position, delivered: true, at: Date())
            try await store.recordSubscriptionAttempt(id: "sub1", error: "timeout")
            try await store.setAsideSubscriptionEvent(subscription, event: events[1], attempts: 5, error: "timeout", at: Date())
            let stored = try #require(try store.subscription(id: "sub1"))
            #expect(stored.cursor == events[1].position)
            let failures = try store.subscriptionFailures(id: "sub1", tenant: Samples.tenant)
            #expect(failures.map(\.eventId) == [events[1].id])
            #expect(failures.first?.status == .open)
            try await store.markSubscriptionFailureRedelivered(id: try #require(failures.first).id, at: Date())
            #expect(try store.subscriptionFailures(id: "sub1", tenant: Samples.tenant).first?.status == .redelivered)
            try await store.updateSubscription(id: "sub1", tenant: Samples.tenant, status: .paused, cursor: 0, audit: Samples.audit("subscription.pause"))
            #expect(try store.subscription(id: "sub1")?.status == .paused)
            #expect(try store.subscription(id: "sub1")?.cursor == 0)
        }
    }
}

/// The configuration version moves with every configuration write and only then.
@Suite struct ConfigurationVersionConformanceTests {
    @Test(arguments: Backend.all) func everyConfigurationWriteMovesTheVersionAndNothingElseDoes(backend: Backend) async throws {
        try await backend.withStore { store in
            var seen = try store.configurationVersion()
            func moved(_ what: String) throws {
                let now = try store.configurationVersion()
                #expect(now > seen, "\(what) moves the configuration version")
                seen = now
            }
            let now = Timestamp.format(Date())
            try await store.createClient(
                ClientRecord(clientId: "c1", tenant: Samples.tenant, name: "c", scopes: [], secretSalt: [1], secretHash: [2], status: .active, createdAt: now, updatedAt: now),
                audit: Samples.audit("client.create")
            )
            try moved("a new client")
            _ = try await store.updateClient(id: "c1", tenant: nil, audit: Samples.audit("client.disable")) { $0.status = .disabled }
            try moved("a disabled client")
            try await store.rotateSigningKey(to: SigningKeyRecord(kid: "k1", privateKey: [1], createdAt: 1, retiredAt: nil), dropRetiredBefore: 0, audit: nil)
            try moved("a signing key")
            try await store.setRateLimitOverride(RateLimitOverride(kind: "route", name: "orders", rate: 1, burst: 1), remove: false, audit: Samples.audit("rate_limit.set"))
            try moved("a rate-limit override")
            _ = try await store.publishMapping(tenant: Samples.tenant, channel: "shop", source: "a: 1", author: "x", diff: "", previousVersion: 0, at: Date())
            try moved("a published mapping")
            _ = try await store.publishRoutingPolicy(source: "rules: []", author: "x", diff: "", audit: Samples.audit("routing.policy"))
            try moved("a routing policy")
            try await store.setNodeStatus(nodeId: "hub", status: "down", audit: Samples.audit("routing.node_status"))
            try moved("a node status")
            try await Samples.append([Samples.payment("o1")], key: "m1", to: store)
            try await store.audit(Samples.audit("other"))
            #expect(try store.configurationVersion() == seen, "orders and audit entries are not configuration")
        }
    }
}
