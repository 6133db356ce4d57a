import Access
import UseCases
import CanonicalModel
import Foundation
import HTTPTypes
import Hummingbird
import Ingest
import Mapping

/// `POST /v1/channels/{channel}/batches`: many messages in one upload (NDJSON, one message per line), for POS
/// systems that upload late, twice or in pieces. Each line is its own message with its own idempotency key,
/// so a resent or overlapping batch stores nothing twice; `?from=N` skips the first N lines to resume. A body sent
/// with `Content-Encoding: gzip` is inflated as it streams in; the batch limit counts the inflated bytes.
struct BatchRoutes {
    let ingest: IngestService
    let configuration: GatewayConfiguration

    func register(on router: DeclaredRouter) {
        router.post("/v1/channels/:channel/batches", RouteAccess(requirement: .channelWrite(signedWebhookAllowed: false), limit: .batch)) { request, context in
            try await receive(request, context: context)
        }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard let channel = context.parameters.get("channel"), let definition = ingest.channel(named: channel, tenant: context.tenant) else {
            throw APIError(.notFound, code: "unknown_channel", message: "no channel named \(context.parameters.get("channel") ?? "")", field: "channel")
        }
        if definition.mapping?.format == .xml { return try await receiveXML(request, channel: channel, context: context) }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/x-ndjson" || mediaType == "application/jsonl" || mediaType == "application/json-seq" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send application/x-ndjson: one JSON message per line", field: "Content-Type")
        }
        let skipped = Int(try QueryParameters(request: request).integer("from", default: 0, range: 0...100_000_000))
        let batchId = request.headers[HTTPField.Name("X-Batch-Id")!] ?? ""
        let encoding = request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces)
        guard encoding == nil || encoding == "identity" || encoding == "gzip" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_encoding", message: "batches may be sent plain or gzip", field: "Content-Encoding")
        }
        let results: [BatchRecordResult]
        do {
            if encoding == "gzip" {
                let lines = NDJSONLines(
                    base: GzipInflatedBody(base: request.body), maxLineBytes: configuration.maxBodyBytes, maxTotalBytes: configuration.maxBatchBytes
                )
                results = try await ingest.ingestBatch(
                    tenant: context.tenant, channel: channel, contentType: "application/json", lines: lines, skippingFirst: skipped
                )
            } else {
                let lines = NDJSONLines(base: request.body, maxLineBytes: configuration.maxBodyBytes, maxTotalBytes: configuration.maxBatchBytes)
                results = try await ingest.ingestBatch(
                    tenant: context.tenant, channel: channel, contentType: "application/json", lines: lines, skippingFirst: skipped
                )
            }
        } catch let error as GzipInflatedBody<RequestBody>.CorruptData {
            throw APIError(.badRequest, code: "invalid_gzip", message: error.message + "; the lines before it were processed", field: "Content-Encoding")
        } catch let error as NDJSONLinesLimitExceeded {
            throw APIError(
                .contentTooLarge, code: "payload_too_large",
                message: error.lineTooLong ? "line \(error.line) is longer than \(configuration.maxBodyBytes) bytes" : "the batch is larger than \(configuration.maxBatchBytes) bytes; the lines before \(error.line) were processed, resend from there with ?from=",
                field: "line \(error.line)"
            )
        }
        context.logger.info("batch ingested", metadata: ["channel": "\(channel)", "batch": "\(batchId)", "records": "\(results.count)"])
        return answer(results, batchId: batchId, skipped: skipped, failure: nil)
    }

    /// An XML batch (a POSLog document with many `<Transaction>`s, or `?record=` another child of the root): read
    /// as it arrives, each record becomes its own message for the channel's mapping, ingested a window at a time.
    /// The next piece of the body is read only once the window before it is stored, so memory stays bounded.
    func receiveXML(_ request: Request, channel: String, context: GatewayRequestContext) async throws -> Response {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/xml" || mediaType == "text/xml" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "\(channel) reads XML: send application/xml", field: "Content-Type")
        }
        let query = QueryParameters(request: request)
        let skipped = Int(try query.integer("from", default: 0, range: 0...100_000_000))
        let recordName = query.string("record") ?? "Transaction"
        let batchId = request.headers[HTTPField.Name("X-Batch-Id")!] ?? ""
        let encoding = request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces)
        guard encoding == nil || encoding == "identity" || encoding == "gzip" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_encoding", message: "batches may be sent plain or gzip", field: "Content-Encoding")
        }
        let stream: XMLRecordStream
        do throws(PayloadError) {
            stream = try XMLRecordStream(recordName: recordName, maxRecordBytes: configuration.maxBodyBytes)
        } catch {
            throw APIError(.badRequest, code: error.code, message: error.message, field: error.field)
        }
        var ingestion = XMLBatchIngestion(ingest: ingest, tenant: context.tenant, channel: channel, skipped: skipped)
        var tooLarge = false
        do {
            tooLarge = encoding == "gzip"
                ? try await read(GzipInflatedBody(base: request.body), into: stream, ingestion: &ingestion)
                : try await read(request.body, into: stream, ingestion: &ingestion)
            if !tooLarge { await ingestion.add(stream.finish(), total: stream.count) }
            await ingestion.flush()
        } catch let error as GzipInflatedBody<RequestBody>.CorruptData {
            await ingestion.flush()
            guard !ingestion.results.isEmpty else { throw APIError(.badRequest, code: "invalid_gzip", message: error.message, field: "Content-Encoding") }
            return answer(ingestion.results, batchId: batchId, skipped: skipped, failure: APIError(.badRequest, code: "invalid_gzip", message: error.message, field: "Content-Encoding"))
        }
        let results = ingestion.results
        context.logger.info("XML batch ingested", metadata: ["channel": "\(channel)", "batch": "\(batchId)", "records": "\(results.count)"])
        if tooLarge {
            let last = skipped + results.count
            return answer(results, batchId: batchId, skipped: skipped, failure: APIError(
                .contentTooLarge, code: "payload_too_large",
                message: "the batch is larger than \(configuration.maxBatchBytes) bytes; records up to \(last) were processed, resend from there with ?from=\(last)",
                field: "record \(last + 1)"
            ))
        }
        if let failure = stream.failure {
            let status: HTTPResponse.Status = failure.code == "record_too_large" ? .contentTooLarge : .badRequest
            let error = APIError(status, code: failure.code, message: failure.message, field: failure.field)
            if results.isEmpty, stream.count <= skipped { throw error }
            return answer(results, batchId: batchId, skipped: skipped, failure: error)
        }
        return answer(results, batchId: batchId, skipped: skipped, failure: nil)
    }

    /// Feeds the body to `stream` piece by piece, ingesting the records it completes; true when the body went past
    /// the batch limit (reading stops there).
    private func read<Chunks: AsyncSequence>(
        _ chunks: Chunks, into stream: XMLRecordStream, ingestion: inout XMLBatchIngestion
    ) async throws -> Bool where Chunks.Element == ByteBuffer {
        var received = 0
        for try await chunk in chunks {
            received += chunk.readableBytes
            if received > configuration.maxBatchBytes { return true }
            await ingestion.add(chunk.withUnsafeReadableBytes { stream.feed($0) }, total: stream.count)
            if stream.failure != nil { break }
        }
        return false
    }

    /// The batch answer (503 with `Retry-After` when the store refused records); with a `failure`, the records before
    /// it were processed and the `error` member says where the batch broke.
    private func answer(_ results: [BatchRecordResult], batchId: String, skipped: Int, failure: APIError?) -> Response {
        var text = Self.json(results, batchId: batchId, skipped: skipped, retryAfterSeconds: configuration.retryAfterSeconds)
        if let failure {
            text = String(text.dropLast()) + ",\"error\":{\"code\":" + JSONText.quoted(failure.code) + ",\"message\":"
                + JSONText.quoted(failure.message) + ",\"field\":" + (failure.field.map(JSONText.quoted) ?? "null") + "}}"
        }
        let unavailable = results.contains { result in
            guard case .store(let error)? = result.error else { return false }
            return error.kind == .unavailable || error.kind == .closed
        }
        if unavailable {
            return .json(text, status: .serviceUnavailable, headers: [.retryAfter: String(configuration.retryAfterSeconds)])
        }
        return .json(text, status: failure?.status ?? .ok)
    }

    static func json(_ results: [BatchRecordResult], batchId: String, skipped: Int, retryAfterSeconds: Int) -> String {
        func count(_ status: BatchRecordResult.Status) -> Int { results.filter { $0.status == status }.count }
        var text = "{\"batchId\":" + JSONText.quoted(batchId) + ",\"skipped\":" + String(skipped) + ",\"records\":" + String(results.count)
        text += ",\"accepted\":" + String(count(.accepted)) + ",\"duplicates\":" + String(count(.duplicate))
        text += ",\"deadLettered\":" + String(count(.deadLettered)) + ",\"rejected\":" + String(count(.rejected))
        text += ",\"lastLine\":" + String(results.last?.line ?? skipped) + ",\"results\":["
        text += results.map { result in
            var item = "{\"line\":" + String(result.line) + ",\"status\":\"" + result.status.rawValue + "\""
            if !result.orderIds.isEmpty { item += ",\"orderIds\":[" + result.orderIds.map(JSONText.quoted).joined(separator: ",") + "]" }
            if let deadLetterId = result.deadLetterId { item += ",\"deadLetterId\":" + String(deadLetterId) }
            if let error = result.error?.apiError(retryAfterSeconds: retryAfterSeconds) {
                item += ",\"error\":{\"code\":" + JSONText.quoted(error.code) + ",\"message\":" + JSONText.quoted(error.message)
                item += ",\"field\":" + (error.field.map(JSONText.quoted) ?? "null") + "}"
            }
            return item + "}"
        }.joined(separator: ",")
        return text + "]}"
    }
}
