import UseCases
import Adapters
import Foundation
import Gateway
import Logging
import SQLiteStore
import Storage
import Testing

@Suite struct PollerTests {
    static func definition(_ channel: FakeChannel) -> PollerDefinition {
        var definition = PollerDefinition(channel: "canonical", tenant: "default", url: channel.url)
        definition.itemsPath = "orders"
        definition.intervalSeconds = 3600
        definition.paging = .page(parameter: "page", sizeParameter: "page_size", size: 100, first: 1)
        var window = PollerDefinition.TimeWindow()
        window.updatedPath = "order.updatedAt"
        window.initialLookbackSeconds = 10 * 365 * 86_400
        window.overlapSeconds = 300
        definition.window = window
        definition.rateLimit = .init(rate: 2000, burst: 200)
        return definition
    }

    static func waitForRound(_ poller: ChannelPoller, rounds: Int = 1, seconds: Double = 90) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while poller.status.rounds < rounds, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
    }

    @Test func pullsEveryOrderOnceThroughRateLimitsErrorsMalformedAndSlowPages() async throws {
        let plan: @Sendable (Int) -> FakeChannel.Fault = { request in
            switch request {
            case 2: .tooManyRequests(retryAfter: 1)
            case 4, 5: .serverError
            case 7: .malformed
            case 9: .slow(.seconds(3))
            case 12: .tooManyRequests(retryAfter: 0)
            case 14: .dropConnection
            case 16: .resetConnection
            default: .none
            }
        }
        try await FakeChannel.with(count: 2_000, plan: plan) { channel in
            try await LiveGateway.with(configure: { configuration in
                configuration.pollers = [Self.definition(channel)]
                configuration.pollerRequestTimeoutSeconds = 1
                configuration.pollerBackoffBaseSeconds = 0.05
            }) { gateway in
                let poller = try #require(gateway.server.pollers.first)
                try await Self.waitForRound(poller)
                #expect(poller.status.rounds == 1, "\(poller.status)")
                #expect(try gateway.server.store.counts(tenant: "default").events == 2_000)
                #expect(try gateway.server.store.counts(tenant: "default").orders == 2_000)
                #expect(Set(channel.faults) == ["429", "500", "malformed", "slow", "dropped", "reset"])
                #expect(poller.status.errors >= 5)
                // The last fault was a TCP RST, and libcurl saw it as one.
                #expect(poller.status.lastError?.lowercased().contains("reset") == true, "\(poller.status)")
                // A second round re-reads the overlap and stores nothing twice.
                let pagesBefore = channel.pagesServed
                #expect(try await poller.syncRound() == 0)
                #expect(channel.pagesServed - pagesBefore <= 2, "the next round starts near the high-water mark")
                #expect(try gateway.server.store.counts(tenant: "default").events == 2_000)
                // Operators see the channel's health and metrics.
                let channels = try JSON.object(try await gateway.get("/v1/channels"))["channels"] as? [[String: Any]] ?? []
                let pulled = try #require(channels.first { $0["name"] as? String == "canonical" }?["poller"] as? [String: Any])
                #expect(pulled["state"] as? String == "idle")
                #expect(pulled["items"] as? Int ?? 0 >= 2_000)
                let metrics = String(decoding: try await gateway.get("/metrics").body, as: UTF8.self)
                #expect(metrics.contains("channelgate_poller_items_total{channel=\"canonical\"}"))
            }
        }
    }

    @Test func theLeaseLetsOnlyOnePollerRunPerChannel() async throws {
        try await FakeChannel.with(count: 10) { channel in
            try await LiveGateway.with(configure: { $0.pollers = [Self.definition(channel)] }) { gateway in
                let running = try #require(gateway.server.pollers.first)
                try await Self.waitForRound(running)
                var logger = Logger(label: "second")
                logger.logLevel = .critical
                let second = ChannelPoller(
                    definition: Self.definition(channel), ingest: gateway.server.ingest, store: gateway.server.store, client: CurlHTTPClient(), logger: logger,
                    owner: "other-process"
                )
                #expect(try await second.syncRound() == nil)
                #expect(second.status.state == "standby")
            }
        }
    }

    /// Configuration polling the fake channel at `url` page by page, with a 2-second lease.
    static func pollerYAML(url: String) -> String {
        """
        pollers:
          - channel: canonical
            url: \(url)
            intervalSeconds: 1
            itemsPath: orders
            paging: {style: page, parameter: page, sizeParameter: page_size, size: 100}
            window: {parameter: updated_after, updatedPath: order.updatedAt, overlapSeconds: 300, initialLookbackSeconds: 315360000}
            rateLimit: {rate: 1000, burst: 100}
            leaseSeconds: 2

        """
    }

    @Test func aSIGKILLMidSyncLosesAndDuplicatesNothing() async throws {
        try await FakeChannel.with(count: 10_000, pageDelay: .milliseconds(40)) { channel in
            let directory = NSTemporaryDirectory() + "channelgate-poll-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let config = directory + "/poll.yaml"
            try Self.pollerYAML(url: channel.url).write(toFile: config, atomically: true, encoding: .utf8)
            let first = try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--config", config])
            let deadline = Date().addingTimeInterval(60)
            while channel.pagesServed < 30, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            first.kill()
            let pagesAtKill = channel.pagesServed
            #expect(pagesAtKill >= 30)
            #expect(pagesAtKill < 100, "killed mid-sync")

            let second = try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--config", config])
            let store = try SQLiteEventStore(path: directory + "/channelgate.sqlite", logger: Logger(label: "reader"))
            defer { store.close() }
            let finish = Date().addingTimeInterval(120)
            while try store.pollerCheckpoint(tenant: "default", channel: "canonical").rounds < 1, Date() < finish {
                try await Task.sleep(for: .milliseconds(200))
            }
            second.kill()
            let counts = try store.counts(tenant: "default")
            #expect(counts.events == 10_000)
            #expect(counts.orders == 10_000)
            #expect(channel.pagesServed < 100 + 30 + 5, "the restart resumed from the checkpoint instead of starting over")
        }
    }
}
