import Adapters
import Foundation
import Synchronization
import Testing
import TestSupport

/// Three `channelgate serve` processes on one throwaway PostgreSQL: resends to different replicas at the same moment,
/// a replica killed, then the routing lease holder, PostgreSQL restarted the hard way, all under load.
@Suite struct ReplicaClusterTests {
    /// What one request came back with.
    enum Answer: Sendable {
        case acknowledged(body: String)
        case refused(status: Int)
        case unreachable
    }

    /// Every answer of the run, by idempotency key.
    final class Answers: Sendable {
        private let byKey = Mutex<[String: [Answer]]>([:])
        func add(_ key: String, _ answer: Answer) { byKey.withLock { $0[key, default: []].append(answer) } }
        var all: [String: [Answer]] { byKey.withLock { $0 } }
    }

    /// How far the run is: PostgreSQL restarted, and orders sent since.
    final class Progress: Sendable {
        let restarted = Atomic<Bool>(false)
        let afterRestart = Atomic<Int>(0)
    }

    @Test func threeReplicasStoreEveryAcknowledgedOrderOnceThroughAKillAndADatabaseRestart() async throws {
        // A server of its own: this test restarts it, which would cut every other test's connections.
        let server = try await offCooperativeThreads { try ThrowawayPostgres.startPrivate() }
        defer { server.stop() }
        let url = try await offCooperativeThreads { try server.createDatabase() }
        let root = NSTemporaryDirectory() + "channelgate-replicas-" + UUID().uuidString
        let directories = (1...3).map { root + "/replica\($0)" }
        for directory in directories { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }

        // Every replica runs the routing core on the same network (one of them at a time, by lease). The first makes
        // the keys; the others read the same key files (DEPLOY.md: keys are shared).
        // The load must not meet the client's rate limit (each replica admits a third of it): only the database restart
        // may refuse requests. The limit is set low later, through the API, to measure it.
        let routing = "routing: {network: \(repository)/config/network.example.yaml, policy: \(repository)/config/routing-policy.yaml}\n"
            + "access:\n  rateLimits:\n    client: {rate: 1000000, burst: 1000000}\n"
        let firstConfig = root + "/first.yaml"
        try routing.write(toFile: firstConfig, atomically: true, encoding: .utf8)
        let first = try await DurabilityTests.ChildServer(dataDirectory: directories[0], extraArguments: ["--store", url, "--config", firstConfig])
        defer { first.kill() }
        let config = root + "/replica.yaml"
        try (routing + "personalDataKeyFile: \(directories[0])/pii.keys\nkeyEncryptionKeyFile: \(directories[0])/signing.keys\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let second = try await DurabilityTests.ChildServer(dataDirectory: directories[1], extraArguments: ["--store", url, "--config", config])
        defer { second.kill() }
        let third = try await DurabilityTests.ChildServer(dataDirectory: directories[2], extraArguments: ["--store", url, "--config", config])
        defer { third.kill() }
        let replicas = [first.baseURL, second.baseURL, third.baseURL]

        let client = CurlHTTPClient()
        let secret = try String(contentsOfFile: directories[0] + "/demo-client.secret", encoding: .utf8)
        let tokenAnswer = try await client.send(
            "POST", first.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("grant_type=client_credentials&client_id=demo&client_secret=\(secret)".utf8)
        )
        let bearer = "Bearer " + (try #require(try JSON.object(tokenAnswer)["access_token"] as? String))

        let answers = Answers()
        @Sendable func post(_ id: String, to replica: String) async -> Answer {
            do {
                let answer = try await client.send(
                    "POST", replica + "/v1/channels/canonical/orders",
                    headers: ["Content-Type": "application/json", "Idempotency-Key": id, "Authorization": bearer],
                    body: Array(RoutingAPITests.order(id).utf8)
                )
                return (200..<300).contains(answer.status) ? .acknowledged(body: answer.text) : .refused(status: answer.status)
            } catch {
                return .unreachable
            }
        }
        // Four posters round-robin over the replicas; every fifth order is sent to two replicas at the same moment.
        // They keep posting until PostgreSQL is back from its restart, and a while after.
        let progress = Progress()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for poster in 0..<4 {
                group.addTask {
                    var index = 0
                    while index < 60 || !progress.restarted.load(ordering: .relaxed) || progress.afterRestart.load(ordering: .relaxed) < 80 {
                        defer { index += 1 }
                        if progress.restarted.load(ordering: .relaxed) { progress.afterRestart.add(1, ordering: .relaxed) }
                        let id = "R-\(poster)-\(index)"
                        let replica = replicas[(poster + index) % 3]
                        if index.isMultiple(of: 5) {
                            async let one = post(id, to: replica)
                            async let other = post(id, to: replicas[(poster + index + 1) % 3])
                            answers.add(id, await one)
                            answers.add(id, await other)
                        } else {
                            answers.add(id, await post(id, to: replica))
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(800))
                third.kill()
                // Then the routing lease holder: the first replica took it when it started, before the others ran.
                try await Task.sleep(for: .milliseconds(400))
                first.kill()
                try await Task.sleep(for: .milliseconds(400))
                try await offCooperativeThreads { try server.restartImmediately() }
                progress.restarted.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }

        let all = answers.all
        let acknowledged = all.filter { $0.value.contains { if case .acknowledged = $0 { true } else { false } } }
        let refusals = all.values.flatMap { $0 }.compactMap { if case .refused(let status) = $0 { status } else { nil } }
        let unreachable = all.values.flatMap { $0 }.filter { if case .unreachable = $0 { true } else { false } }.count
        print("replicas: \(all.count) orders, \(acknowledged.count) acknowledged, \(refusals.count) refused, \(unreachable) unreachable")
        #expect(acknowledged.count > 60, "most orders were acknowledged")
        #expect(refusals.allSatisfy { $0 == 503 }, "only 503 (store unavailable) while PostgreSQL restarted: \(refusals)")
        // Every acknowledgement of one key is the same answer: a resend got the original.
        for (key, list) in acknowledged {
            let bodies = Set(list.compactMap { if case .acknowledged(let body) = $0 { body } else { nil } })
            #expect(bodies.count == 1, "\(key) got different answers: \(bodies)")
        }

        // The killed third replica comes back; it and the survivor take orders again by themselves after the restart.
        let restarted = try await DurabilityTests.ChildServer(dataDirectory: directories[2], extraArguments: ["--store", url, "--config", config])
        defer { restarted.kill() }
        let survivors = [second.baseURL, restarted.baseURL]
        for (number, replica) in survivors.enumerated() {
            var recovered = false
            for attempt in 0..<50 where !recovered {
                if case .acknowledged = await post("after-restart-\(number)-\(attempt)", to: replica) { recovered = true } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(recovered, "replica \(number + 1) takes orders again")
        }

        // Readable again from the surviving replicas once PostgreSQL is back.
        var feeds: [[[String: Any]]] = []
        var heads: [Int] = []
        for replica in survivors {
            var events: [[String: Any]] = []
            var after = 0
            for _ in 0..<200 {
                guard let page = try? await client.send("GET", replica + "/v1/events?after=\(after)&limit=500", headers: ["Authorization": bearer]),
                      page.status == 200
                else {
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                let object = try JSON.object(page)
                let batch = object["events"] as? [[String: Any]] ?? []
                if batch.isEmpty { break }
                events += batch
                after = (object["next"] as? String).flatMap { Int($0) } ?? after
            }
            feeds.append(events)
            heads.append(after)
        }
        // Positions run 1…n with no gap: after n events the cursor is n, on every replica (the routing core may still
        // be appending, so the later read may be longer; the earlier one is its beginning).
        #expect(heads == [feeds[0].count, feeds[1].count], "the feed is dense")
        let ids = feeds.map { $0.compactMap { $0["id"] as? String } }
        #expect(Array(ids[1].prefix(ids[0].count)) == ids[0], "every replica serves the same feed")
        let created = feeds[0].filter { $0["type"] as? String == "com.channelgate.order.created" }.compactMap { $0["channelorderid"] as? String }
        #expect(Set(created).count == created.count, "no order stored twice")
        #expect(Set(acknowledged.keys).isSubset(of: Set(created)), "every acknowledged order is stored")
        #expect(Set(created.filter { !$0.hasPrefix("after-restart") }).isSubset(of: Set(all.keys)), "nothing stored that was not sent")

        // Exactly one routing decision per order: the lease holder was killed, another replica takes the lease when it
        // expires (30 s) and routes what was left, and nothing is routed twice.
        var decisions: [String: Int] = [:]
        var orders: Set<String> = []
        let routingStarted = ContinuousClock.now
        repeat {
            decisions = [:]
            orders = []
            var after = 0
            while let page = try? await client.send("GET", second.baseURL + "/v1/events?after=\(after)&limit=1000", headers: ["Authorization": bearer]),
                  page.status == 200 {
                let object = try JSON.object(page)
                let batch = object["events"] as? [[String: Any]] ?? []
                if batch.isEmpty { break }
                for event in batch {
                    guard let subject = event["subject"] as? String else { continue }
                    switch event["type"] as? String {
                    case "com.channelgate.order.created": orders.insert(subject)
                    case "com.channelgate.order.routed": decisions[subject, default: 0] += 1
                    default: break
                    }
                }
                after = (object["next"] as? String).flatMap { Int($0) } ?? after
            }
            if orders.allSatisfy({ decisions[$0] != nil }) { break }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now - routingStarted < .seconds(60)
        print("routing: \(orders.count) orders, \(decisions.count) routed")
        #expect(!orders.isEmpty && orders.allSatisfy { decisions[$0] != nil }, "every order is routed")
        #expect(decisions.values.allSatisfy { $0 == 1 }, "no order routed twice: \(decisions.filter { $0.value > 1 }.prefix(5))")

        // A mapping published through one replica is in force on the other (started before it) within 5 s.
        let shipped = try String(contentsOfFile: repository + "/mappings/shopify.yaml", encoding: .utf8)
        let publish = try await client.send(
            "POST", second.baseURL + "/v1/mappings/shopify",
            headers: ["Content-Type": "application/yaml", "Authorization": bearer], body: Array(("# cluster\n" + shipped).utf8)
        )
        #expect(publish.status == 201, "\(publish.text)")
        // Five seconds later an order through the other replica is mapped by the published version.
        try await Task.sleep(for: .seconds(5))
        let mapped = try await client.send(
            "POST", restarted.baseURL + "/v1/channels/shopify/orders", headers: ["Content-Type": "application/json", "Authorization": bearer],
            body: Array(try String(contentsOfFile: repository + "/contract-tests/shopify/rest-order.input.json", encoding: .utf8).utf8)
        )
        let mappedId = try #require((try JSON.object(mapped)["events"] as? [[String: Any]])?.first?["orderId"] as? String, "\(mapped.text)")
        let mappedOrder = try JSON.object(try await client.send("GET", restarted.baseURL + "/v1/orders/\(mappedId)", headers: ["Authorization": bearer]))
        let timeline = mappedOrder["timeline"] as? [[String: Any]] ?? []
        #expect(timeline.first?["mappingversion"] as? String == "shopify@v1", "the mapping published on one replica is in force on the other within 5 s")

        // A limit set through one replica is in force on the others within 5 s, and holds for the cluster: under a
        // flood spread over the replicas, they admit about the limit together, not the limit each.
        let limit = try await client.send(
            "PUT", second.baseURL + "/v1/admin/rate-limits/client/demo",
            headers: ["Content-Type": "application/json", "Authorization": bearer], body: Array(#"{"rate":10,"burst":10}"#.utf8)
        )
        #expect(limit.status == 200)
        let published = ContinuousClock.now
        var seen = false
        while !seen, ContinuousClock.now - published < .seconds(5) {
            let document = try await client.send("GET", restarted.baseURL + "/v1/admin/rate-limits", headers: ["Authorization": bearer])
            seen = document.text.contains(#""client:demo":{"rate":10.0,"burst":10}"#)
            if !seen { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(seen, "the limit set on one replica is in force on the other within 5 s")
        try await Task.sleep(for: .milliseconds(1100))
        var admitted = 0
        let flood = ContinuousClock.now
        var index = 0
        while ContinuousClock.now - flood < .seconds(2) {
            let answer = try await client.send("GET", survivors[index % 2] + "/v1/orders?limit=1", headers: ["Authorization": bearer])
            if answer.status == 200 { admitted += 1 }
            index += 1
        }
        print("rate limit 10/s, burst 10, two live replicas, 2 s flood: \(admitted) of \(index) admitted")
        #expect(admitted > 0)
        #expect(admitted <= 45, "the cluster admits about the limit (≈ 30 in 2 s), not the limit per replica (≈ 60)")
    }
}
