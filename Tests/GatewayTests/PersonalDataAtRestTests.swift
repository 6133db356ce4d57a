import UseCases
import Foundation
import Gateway
import Logging
import Synchronization
import Testing

@Suite struct PersonalDataAtRestTests {
    static let secrets = ["Wang Fang", "13800138000", "88 Century Ave", "li.wei@example.com"]

    @Test func personalDataIsNeitherInTheSQLiteFilesNorInTheLogs() async throws {
        let lines = LogLines()
        try await LiveGateway.with(logHandler: { _ in CapturingLogHandler(lines: lines) }) { gateway in
            let order = Orders.canonical("PII-1").replacingOccurrences(of: #""name":"Wang Fang""#, with: #""name":"Wang Fang","email":"li.wei@example.com""#)
            #expect(try await gateway.post("/v1/channels/canonical/orders", order, headers: ["Idempotency-Key": "pii-1"]).status == 202)
            // A dead letter keeps the whole message: it must be sealed too, and still replay.
            let bad = Orders.canonical("PII-2", currency: "RMB")
            let lettered = try await gateway.post("/v1/channels/webshop/orders", bad)
            let letterId = try #require(((try JSON.object(lettered))["deadLetterId"] as? NSNumber)?.intValue)
            // A rejected message (422) and a bad token leave nothing readable either.
            _ = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("PII-3", quantity: "-1"))
            _ = try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer forged.token.here"])

            let letter = try await gateway.get("/v1/dead-letters/\(letterId)")
            #expect(String(decoding: letter.body, as: UTF8.self).contains("Wang Fang"), "the admin sees the dead letter whole")
            let fixed = try await gateway.post("/v1/dead-letters/\(letterId)/replay", Orders.canonical("PII-2"))
            #expect(fixed.status == 200)
            let orderText = String(decoding: try await gateway.get("/v1/orders?channel=canonical").body, as: UTF8.self)
            #expect(orderText.contains("Wang Fang"), "a pii:read token sees the plaintext")

            var stored: [UInt8] = []
            for suffix in ["", "-wal", "-shm"] {
                if let data = FileManager.default.contents(atPath: gateway.server.configuration.storePath + suffix) { stored += Array(data) }
            }
            #expect(stored.count > 10_000)
            let text = String(decoding: stored, as: UTF8.self)
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) is readable in the SQLite files")
            }
            #expect(text.contains("enc:v1:k1:"))
            #expect(text.contains("SKU-1"), "non-personal data stays readable")
        }
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.count > 100, "the capture saw the gateway's logs")
        for secret in Self.secrets + ["client_secret", "cgs_", "eyJ"] {
            #expect(!logged.contains(secret), "\(secret) appears in the logs")
        }
    }
}

/// Every log line of a test, thread-safe.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A log handler at trace level that keeps each message with its metadata.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(all)")
    }
}
