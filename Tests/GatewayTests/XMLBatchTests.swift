import UseCases
import Foundation
import Gateway
import Testing

@Suite struct XMLBatchTests {
    static let fixture = repository + "/contract-tests/poslog/sale-with-customer.input.xml"

    /// A POSLog document with `count` copies of the fixture's sale, each with its own transaction sequence number.
    static func batch(_ count: Int, brokenAt: Int? = nil) throws -> String {
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
        guard let start = text.range(of: "<Transaction>"), let end = text.range(of: "</Transaction>") else { throw CancellationError() }
        let transaction = String(text[start.lowerBound..<end.upperBound])
        let head = String(text[..<start.lowerBound])
        let copies = (0..<count).map { index -> String in
            // The transaction's own sequence number is the first one in it (line items have theirs further down).
            guard let own = transaction.range(of: "<SequenceNumber>2</SequenceNumber>") else { return transaction }
            let numbered = transaction.replacingCharacters(in: own, with: "<SequenceNumber>\(1000 + index)</SequenceNumber>")
            return index == brokenAt ? String(numbered.prefix(200)) : numbered
        }
        return head + copies.joined(separator: "\n   ") + "\n</POSLog>\n"
    }

    @Test func aPOSLogWithManyTransactionsBecomesOneMessagePerTransaction() async throws {
        try await LiveGateway.with { gateway in
            let body = try Self.batch(150)
            let answer = try await gateway.post("/v1/channels/poslog/batches", body, contentType: "application/xml", headers: ["X-Batch-Id": "till-10001"])
            #expect(answer.status == 200, "\(answer.text.prefix(300))")
            let result = try JSON.object(answer)
            #expect(result["records"] as? Int == 150)
            #expect(result["accepted"] as? Int == 150)
            #expect(try gateway.server.store.counts(tenant: "default").orders == 150)
            // Resending the batch, or resuming it from record 100, stores nothing twice.
            let again = try JSON.object(try await gateway.post("/v1/channels/poslog/batches", body, contentType: "application/xml"))
            #expect(again["duplicates"] as? Int == 150)
            let resumed = try JSON.object(try await gateway.post("/v1/channels/poslog/batches?from=100", body, contentType: "application/xml"))
            #expect(resumed["records"] as? Int == 50)
            #expect((resumed["results"] as? [[String: Any]])?.first?["line"] as? Int == 101)
        }
    }

    @Test func aDocumentBrokenMidwayKeepsTheRecordsBeforeItAndSaysWhere() async throws {
        try await LiveGateway.with { gateway in
            let answer = try await gateway.post("/v1/channels/poslog/batches", try Self.batch(10, brokenAt: 7), contentType: "application/xml")
            #expect(answer.status == 400)
            let result = try JSON.object(answer)
            // The streaming reader may meet the fault while finishing the record just before it.
            let accepted = try #require(result["accepted"] as? Int)
            #expect((6...7).contains(accepted))
            #expect((result["error"] as? [String: Any])?["code"] as? String == "invalid_xml")
            #expect(((result["error"] as? [String: Any])?["field"] as? String)?.hasPrefix("line ") == true)
            let doctype = try await gateway.post(
                "/v1/channels/poslog/batches", #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><POSLog><Transaction>&e;</Transaction></POSLog>"#,
                contentType: "application/xml"
            )
            #expect(JSON.errorCode(doctype) == "xml_doctype_not_allowed")
            #expect(try gateway.server.store.counts(tenant: "default").orders == Int64(accepted))
        }
    }

    @Test func recordsAreStoredWhileTheRestOfTheDocumentIsStillUploading() async throws {
        try await LiveGateway.with { gateway in
            let body = try Self.batch(200)
            let cut = try #require(body.range(of: "<SequenceNumber>1150</SequenceNumber>")).lowerBound
            let (head, tail) = (String(body[..<cut]), String(body[cut...]))
            let port = try #require(Int(gateway.baseURL.split(separator: ":").last ?? ""))
            let connection = try SlowClientTests.RawConnection(port: port)
            defer { connection.close() }
            func chunk(_ text: String) -> String { String(Array(text.utf8).count, radix: 16) + "\r\n" + text + "\r\n" }
            connection.send(
                "POST /v1/channels/poslog/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(gateway.token)\r\n"
                    + "Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(head)
            )
            // The first windows of 64 are committed before the upload ends.
            var stored: Int64 = 0
            for _ in 0..<100 where stored < 128 {
                try await Task.sleep(for: .milliseconds(50))
                stored = try gateway.server.store.counts(tenant: "default").orders
            }
            #expect(stored == 128)
            connection.send(chunk(tail) + "0\r\n\r\n")
            let answer = await connection.answer()
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
            #expect(answer.contains(#""accepted":200"#))
            #expect(try gateway.server.store.counts(tenant: "default").orders == 200)
        }
    }

    @Test func gzipLimitsAndOversizedRecordsStopTheReadWhereTheyHappen() async throws {
        let body = Array(try Self.batch(120).utf8)
        try await LiveGateway.with(configure: { configuration in
            configuration.maxBatchBytes = body.count - 1_000
            configuration.maxBodyBytes = 20_000
        }) { gateway in
            // Past the batch limit: the records read before it are stored, and the answer says where to resume.
            let tooLong = try await gateway.post("/v1/channels/poslog/batches", body, contentType: "application/xml")
            #expect(tooLong.status == 413)
            let partial = try JSON.object(tooLong)
            let processed = try #require(partial["records"] as? Int)
            #expect((100..<120).contains(processed))
            #expect((partial["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
            #expect(((partial["error"] as? [String: Any])?["message"] as? String)?.contains("?from=\(processed)") == true)
            #expect(try gateway.server.store.counts(tenant: "default").orders == Int64(processed))

            // The same document gzip-compressed is inflated as it streams; resuming stores only the rest.
            let compressed = try GzipBatchTests.gzip(Array(try Self.batch(40).utf8))
            let zipped = try await gateway.post(
                "/v1/channels/poslog/batches", compressed, contentType: "application/xml", headers: ["Content-Encoding": "gzip"]
            )
            #expect(zipped.status == 200)
            #expect(try JSON.object(zipped)["duplicates"] as? Int == 40)
            let cut = try await gateway.post(
                "/v1/channels/poslog/batches", Array(compressed.prefix(compressed.count / 2)), contentType: "application/xml",
                headers: ["Content-Encoding": "gzip"]
            )
            #expect(cut.status == 400)
            #expect(((try JSON.object(cut))["error"] as? [String: Any])?["code"] as? String == "invalid_gzip")

            // A record longer than a single message may be: 413 naming it (here the first, so nothing is stored).
            let text = try Self.batch(3)
            let padded = text.replacingOccurrences(
                of: "</Transaction>\n   <Transaction>", with: "<Note>" + String(repeating: "x", count: 30_000) + "</Note></Transaction>\n   <Transaction>",
                options: [], range: nil
            )
            let oversized = try await gateway.post("/v1/channels/poslog/batches", padded, contentType: "application/xml")
            #expect(oversized.status == 413)
            #expect(JSON.errorCode(oversized) == "record_too_large")
            #expect(JSON.errorField(oversized)?.hasPrefix("line ") == true)
        }
    }
}
