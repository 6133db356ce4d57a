import Adapters
import Foundation
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

    final class ChildServer: @unchecked Sendable {
        // Invariant: `process` is started in init and only killed afterwards; `baseURL` never changes.
        let process = Process()
        let baseURL: String

        init(dataDirectory: String, extraArguments: [String] = []) async throws {
            let output = dataDirectory + "/stdout-\(UUID().uuidString).log"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.executableURL = URL(fileURLWithPath: DurabilityTests.binary)
            process.arguments = ["serve", "--data-dir", dataDirectory, "--port", "0", "--no-demo"] + extraArguments
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = FileHandle.nullDevice
            try process.run()
            var found: String?
            for _ in 0..<300 where found == nil {
                try await Task.sleep(for: .milliseconds(50))
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on (http://[0-9.]+:[0-9]+)"#, options: .regularExpression) {
                    found = String(text[range].dropFirst("listening on ".count))
                }
            }
            guard let found else {
                process.terminate()
                throw CancellationError()
            }
            baseURL = found
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
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
