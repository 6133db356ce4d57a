import Adapters
import Foundation
import Testing

/// `channelgate serve` started on store files that are read-only (as an operator's mistaken `chmod` or a restore
/// with the wrong owner leaves them) is unready, and becomes ready without a restart once they are writable.
@Suite struct ReadOnlyStoreTests {
    @Test func aGatewayStartedOnReadOnlyStoreFilesRecoversWhenTheyAreWritable() async throws {
        let work = NSTemporaryDirectory() + "channelgate-rofiles-" + UUID().uuidString
        let data = work + "/data"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Root ignores file modes, so as root the gateway runs as `nobody`, from a copy of the binary it can reach.
        var runAs: [String] = []
        var binary = DurabilityTests.binary
        if getuid() == 0 {
            runAs = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            try #require(FileManager.default.isExecutableFile(atPath: runAs[0]), "setpriv (util-linux) is needed to drop root")
            binary = work + "/channelgate"
            try FileManager.default.copyItem(atPath: DurabilityTests.binary, toPath: binary)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        }
        let client = CurlHTTPClient()
        let first = try await DurabilityTests.ChildServer(dataDirectory: data, runAs: runAs, binary: binary, logDirectory: work)
        let secret = try String(contentsOfFile: data + "/demo-client.secret", encoding: .utf8)
        #expect(try await client.send("POST", first.baseURL + "/v1/channels/canonical/orders", headers: try await Self.auth(client, first.baseURL, secret), body: Array(Orders.canonical("RO-1").utf8)).status == 202)
        first.process.send(SIGTERM)
        first.process.waitUntilExit()

        let files = ["channelgate.sqlite", "channelgate.sqlite-wal", "channelgate.sqlite-shm"].map { data + "/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
        for file in files { try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file) }
        let second = try await DurabilityTests.ChildServer(dataDirectory: data, runAs: runAs, binary: binary, logDirectory: work)
        defer { second.kill() }
        #expect(try await client.send("GET", second.baseURL + "/readyz").status == 503)
        let headers = try await Self.auth(client, second.baseURL, secret)
        #expect(try await client.send("POST", second.baseURL + "/v1/channels/canonical/orders", headers: headers, body: Array(Orders.canonical("RO-2").utf8)).status == 503)

        for file in files { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = try await client.send("GET", second.baseURL + "/readyz").status == 200
        }
        #expect(ready, "the gateway stayed unready after the files became writable")
        #expect(try await client.send("POST", second.baseURL + "/v1/channels/canonical/orders", headers: headers, body: Array(Orders.canonical("RO-2").utf8)).status == 202)
    }

    static func auth(_ client: CurlHTTPClient, _ base: String, _ secret: String) async throws -> [String: String] {
        let answer = try await client.send(
            "POST", base + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("grant_type=client_credentials&client_id=demo&client_secret=\(secret)".utf8)
        )
        let token = try #require(try JSON.object(answer)["access_token"] as? String)
        return ["Content-Type": "application/json", "Authorization": "Bearer " + token]
    }
}
