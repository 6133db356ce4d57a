import Adapters
import Foundation
import TestSupport
import Testing

/// `channelgate serve` as a child process, killed with SIGKILL right after acknowledging.
@Suite struct DurabilityTests {
    /// The built `channelgate` executable beside the test bundle, or `CHANNELGATE_BIN`.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CHANNELGATE_BIN"] { return path }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = testBinary.deletingLastPathComponent()
        while !directory.path.hasSuffix(".xctest"), directory.path != "/" {
            if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("channelgate").path) { break }
            directory = directory.deletingLastPathComponent()
        }
        if directory.path.hasSuffix(".xctest") { directory = directory.deletingLastPathComponent() }
        return directory.appendingPathComponent("channelgate").path
    }

    final class ChildServer: Sendable {
        let process: ChildProcess
        let baseURL: String

        /// Starts `binary serve` on `dataDirectory`; `runAs` prefixes the command (e.g. `setpriv` to drop root), and its
        /// output goes to `logDirectory` (default the data directory).
        init(
            dataDirectory: String, extraArguments: [String] = [], runAs: [String] = [], binary: String = DurabilityTests.binary,
            logDirectory: String? = nil
        ) async throws {
            let output = (logDirectory ?? dataDirectory) + "/stdout-\(UUID().uuidString).log"
            _ = FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o666])
            let command = runAs + [binary, "serve", "--data-dir", dataDirectory, "--port", "0", "--no-demo"] + extraArguments
            process = try ChildProcess(executable: command[0], arguments: Array(command.dropFirst()), workingDirectory: logDirectory, outputPath: output)
            var found: String?
            for _ in 0..<300 where found == nil {
                try await Task.sleep(for: .milliseconds(50))
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on (http://[0-9.]+:[0-9]+)"#, options: .regularExpression) {
                    found = String(text[range].dropFirst("listening on ".count))
                }
            }
            guard let found else {
                process.send(SIGTERM)
                throw CancellationError()
            }
            baseURL = found
        }

        func kill() {
            process.send(SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func acknowledgedEventsSurviveSIGKILLExactlyOnce() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-kill-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = CurlHTTPClient()

        let first = try await ChildServer(dataDirectory: directory)
        // The fresh store's demo client; its token must survive the restart too (the signing key is in the store).
        let secret = try String(contentsOfFile: directory + "/demo-client.secret", encoding: .utf8)
        let tokenAnswer = try await client.send(
            "POST", first.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("grant_type=client_credentials&client_id=demo&client_secret=\(secret)".utf8)
        )
        let bearer = "Bearer " + (try #require(try JSON.object(tokenAnswer)["access_token"] as? String))
        let orderIds = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let response = try await client.send(
                        "POST", first.baseURL + "/v1/channels/canonical/orders",
                        headers: ["Content-Type": "application/json", "Idempotency-Key": "kill-\(index)", "Authorization": bearer],
                        body: Array(Orders.canonical("K-\(index)").utf8)
                    )
                    guard response.status == 202 else { return nil }
                    let events = try JSON.object(response)["events"] as? [[String: Any]]
                    return events?.first?["orderId"] as? String
                }
            }
            var ids: [String] = []
            for try await id in group { if let id { ids.append(id) } }
            return ids
        }
        first.kill()
        #expect(orderIds.count == 40)

        let second = try await ChildServer(dataDirectory: directory)
        defer { second.kill() }
        for orderId in orderIds {
            let order = try await client.send("GET", second.baseURL + "/v1/orders/\(orderId)", headers: ["Authorization": bearer])
            #expect(order.status == 200)
            #expect((try JSON.object(order)["timeline"] as? [Any])?.count == 1)
        }
        let resend = try await client.send(
            "POST", second.baseURL + "/v1/channels/canonical/orders",
            headers: ["Content-Type": "application/json", "Idempotency-Key": "kill-0", "Authorization": bearer], body: Array(Orders.canonical("K-0").utf8)
        )
        #expect(resend.status == 202)
        #expect(resend.headers["idempotent-replayed"] == "true")
        let feed = try JSON.object(try await client.send("GET", second.baseURL + "/v1/events?after=0&limit=1000", headers: ["Authorization": bearer]))
        #expect((feed["events"] as? [Any])?.count == 40)
    }
}

/// A graceful stop (SIGTERM) under load, then a restart on the same store.
@Suite struct GracefulRestartTests {
    /// What became of one request sent around the stop.
    enum Fate: Sendable {
        case acknowledged(String)
        case refused
        case reset(String)
        case other(Int)
    }

    @Test func aStopUnderLoadFinishesWhatItAcceptedAndTheRestartLosesNothing() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-term-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = CurlHTTPClient()
        // Rate limits are not what this test is about.
        let config = directory + "/unlimited.yaml"
        try "access:\n  rateLimits:\n    client: {rate: 1000000, burst: 1000000}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let first = try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--config", config])
        let secret = try String(contentsOfFile: directory + "/demo-client.secret", encoding: .utf8)
        let tokenAnswer = try await client.send(
            "POST", first.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("grant_type=client_credentials&client_id=demo&client_secret=\(secret)".utf8)
        )
        let bearer = "Bearer " + (try #require(try JSON.object(tokenAnswer)["access_token"] as? String))
        let stopping = AcknowledgedOrders()
        let fates = try await withThrowingTaskGroup(of: [Fate].self) { group in
            for poster in 0..<6 {
                group.addTask {
                    var fates: [Fate] = []
                    var index = 0
                    // Keep posting until well after the stop: the last requests must be refused, never reset.
                    while !stopping.stopped || fates.suffix(3).contains(where: { if case .refused = $0 { false } else { true } }) {
                        let id = "T-\(poster)-\(index)"
                        index += 1
                        do {
                            let answer = try await client.send(
                                "POST", first.baseURL + "/v1/channels/canonical/orders",
                                headers: ["Content-Type": "application/json", "Idempotency-Key": id, "Authorization": bearer],
                                body: Array(Orders.canonical(id).utf8)
                            )
                            fates.append(answer.status == 202 ? .acknowledged(id) : .other(answer.status))
                            if answer.status == 202 { stopping.add(id) }
                        } catch let error as CurlError {
                            // 7: could not connect (the listener is closed): the request was never taken.
                            fates.append(error.code == 7 ? .refused : .reset("\(error)"))
                        }
                        if fates.count > 5000 { break }
                    }
                    return fates
                }
            }
            // Stop under load: once a good number of orders went through (however slow a busy machine is), and
            // never before 700 ms of posting.
            let posting = Date()
            try await Task.sleep(for: .milliseconds(700))
            while stopping.count <= 20, Date().timeIntervalSince(posting) < 30 { try await Task.sleep(for: .milliseconds(20)) }
            let signalled = Date()
            first.process.send(SIGTERM)
            first.process.waitUntilExit()
            let stopSeconds = Date().timeIntervalSince(signalled)
            print("graceful stop took \(String(format: "%.3f", stopSeconds)) s")
            stopping.stop()
            var all: [Fate] = []
            for try await fates in group { all += fates }
            return all
        }
        let acknowledged = fates.compactMap { if case .acknowledged(let id) = $0 { id } else { nil } }
        let resets = fates.compactMap { if case .reset(let error) = $0 { error } else { nil } }
        let others = fates.compactMap { if case .other(let status) = $0 { status } else { nil } }
        #expect(acknowledged.count > 20)
        #expect(resets.isEmpty, "requests answered with a reset: \(resets.prefix(5))")
        #expect(others.isEmpty, "statuses other than 202: \(others.prefix(10))")

        let second = try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--config", config])
        defer { second.kill() }
        var stored: [String] = []
        var after = 0
        while true {
            let page = try JSON.object(try await client.send("GET", second.baseURL + "/v1/events?after=\(after)&limit=1000", headers: ["Authorization": bearer]))
            let events = page["events"] as? [[String: Any]] ?? []
            stored += events.compactMap { $0["channelorderid"] as? String }
            guard !events.isEmpty, let next = (page["next"] as? NSNumber)?.intValue else { break }
            after = next
        }
        #expect(Set(acknowledged).isSubset(of: Set(stored)), "\(Set(acknowledged).subtracting(stored).count) acknowledged orders lost")
        #expect(stored.count == Set(stored).count, "an order was stored twice")
    }
}
