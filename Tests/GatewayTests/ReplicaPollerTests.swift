import Adapters
import Foundation
import Logging
import PostgresStore
import Storage
import Testing
import TestSupport

/// A pull channel polled by three replicas on one PostgreSQL: one polls at a time, a killed poller's lease moves,
/// the checkpoint never goes backwards, and every order is stored exactly once.
@Suite struct ReplicaPollerTests {
    @Test func threeReplicasPollOneChannelOnceThroughTheHoldersKill() async throws {
        try await FakeChannel.with(count: 3_000, pageDelay: .milliseconds(30)) { channel in
            let url = try await offCooperativeThreads { try ThrowawayPostgres.start().createDatabase() }
            let root = NSTemporaryDirectory() + "channelgate-replica-poll-" + UUID().uuidString
            let directories = (1...3).map { root + "/replica\($0)" }
            for directory in directories { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            defer { try? FileManager.default.removeItem(atPath: root) }
            let pollers = PollerTests.pollerYAML(url: channel.url)
            let firstConfig = root + "/first.yaml"
            try pollers.write(toFile: firstConfig, atomically: true, encoding: .utf8)
            var servers = [try await DurabilityTests.ChildServer(dataDirectory: directories[0], extraArguments: ["--store", url, "--config", firstConfig])]
            let config = root + "/replica.yaml"
            try (pollers + "personalDataKeyFile: \(directories[0])/pii.keys\nkeyEncryptionKeyFile: \(directories[0])/signing.keys\n")
                .write(toFile: config, atomically: true, encoding: .utf8)
            for directory in directories.dropFirst() {
                servers.append(try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--store", url, "--config", config]))
            }
            defer { for server in servers { server.kill() } }
            let store = try await offCooperativeThreads { try PostgresEventStore(url: url, logger: Logger(label: "observer")) }
            defer { store.close() }

            // Kill whichever replica holds the channel's lease, mid-sync.
            let leaseName = PollerCheckpoint.leaseName(tenant: "default", channel: "canonical")
            let deadline = Date().addingTimeInterval(60)
            while channel.pagesServed < 8, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let holder = try #require(try store.currentLease(leaseName))
            let killed = try #require(servers.firstIndex { server in holder.owner.contains(":\(server.process.processIdentifier):") })
            servers[killed].kill()

            // Another replica takes the lease and finishes; the checkpoint only ever moves forward.
            var previous = try store.pollerCheckpoint(tenant: "default", channel: "canonical")
            var backwards: [String] = []
            let finish = Date().addingTimeInterval(120)
            while previous.rounds < 1, Date() < finish {
                try await Task.sleep(for: .milliseconds(100))
                let now = try store.pollerCheckpoint(tenant: "default", channel: "canonical")
                if now.rounds < previous.rounds || (now.highWater ?? 0) < (previous.highWater ?? 0) {
                    backwards.append("\(previous) → \(now)")
                }
                previous = now
            }
            #expect(previous.rounds >= 1, "the sync finished on another replica")
            #expect(backwards.isEmpty, "the checkpoint went backwards: \(backwards.prefix(3))")
            let taken = try #require(try store.currentLease(leaseName))
            #expect(taken.owner != holder.owner && taken.epoch > holder.epoch, "another replica holds the lease, with a larger epoch")
            let counts = try store.counts(tenant: "default")
            #expect(counts.events == 3_000, "every order stored once")
            #expect(counts.orders == 3_000)
        }
    }
}
