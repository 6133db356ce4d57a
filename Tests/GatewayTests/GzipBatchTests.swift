import UseCases
import Foundation
import TestSupport
import Gateway
import Testing

@Suite struct GzipBatchTests {
    /// `bytes` compressed by the system's gzip.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = NSTemporaryDirectory() + "cg-gzip-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/batch.ndjson"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try #require(try ChildProcess.run("/bin/gzip", ["-k", path]) == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    @Test func aGzipBatchIsInflatedAsItStreamsAndCorruptionOrBombsAreRefused() async throws {
        try await LiveGateway.with(configure: { $0.maxBatchBytes = 400_000 }) { gateway in
            let plain = Array(BatchUploadTests.records(0..<300).utf8)
            let compressed = try Self.gzip(plain)
            #expect(compressed.count < plain.count / 3)
            let headers = ["Content-Encoding": "gzip"]
            let answer = try await gateway.post("/v1/channels/canonical/batches", compressed, contentType: "application/x-ndjson", headers: headers)
            #expect(answer.status == 200)
            #expect(try JSON.object(answer)["accepted"] as? Int == 300)
            // The same batch sent plain is the same messages: nothing new.
            let plainAnswer = try await gateway.post("/v1/channels/canonical/batches", plain, contentType: "application/x-ndjson")
            #expect(try JSON.object(plainAnswer)["duplicates"] as? Int == 300)

            let truncated = Array(compressed.prefix(compressed.count / 2))
            let corrupt = try await gateway.post("/v1/channels/canonical/batches", truncated, contentType: "application/x-ndjson", headers: headers)
            #expect(corrupt.status == 400)
            #expect(JSON.errorCode(corrupt) == "invalid_gzip")

            // A small upload that inflates past the batch limit stops at the limit.
            let bomb = try Self.gzip(Array(String(repeating: "{}\n", count: 300_000).utf8))
            #expect(bomb.count < 10_000)
            let refused = try await gateway.post("/v1/channels/canonical/batches", bomb, contentType: "application/x-ndjson", headers: headers)
            #expect(refused.status == 413)
            let unknown = try await gateway.post("/v1/channels/canonical/batches", plain, contentType: "application/x-ndjson", headers: ["Content-Encoding": "br"])
            #expect(JSON.errorCode(unknown) == "unsupported_encoding")
        }
    }
}
