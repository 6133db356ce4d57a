import Access
import UseCases
import Foundation
import HTTPTypes
import Hummingbird
import Ingest
import Mapping
import NIOCore

/// `POST /v1/channels/{channel}/orders`: one channel message in, its events durable before the answer.
struct IngestRoutes {
    let ingest: IngestService
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics

    func register(on router: DeclaredRouter) {
        router.post("/v1/channels/:channel/orders", RouteAccess(requirement: .channelWrite(signedWebhookAllowed: true), limit: .ingest)) { request, context in
            try await receive(request, context: context)
        }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard let channel = context.parameters.get("channel"), ChannelDefinition.isValidName(channel) else {
            throw APIError(.notFound, code: "unknown_channel", message: "channel names are lower-case letters, digits, - or _", field: "channel")
        }
        // Legacy senders get the XML acknowledgement their format expects, unless they ask for JSON.
        let acknowledgement = request.headers[.accept]?.contains("application/json") == true ? nil : ingest.channel(named: channel, tenant: context.tenant)?.mapping?.acknowledgement
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > configuration.maxBodyBytes {
            return try tooLarge(acknowledgement)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return try tooLarge(acknowledgement)
        }
        let messageId = request.headers[.idempotencyKey] ?? request.headers[.messageId]
        if let messageId, messageId.isEmpty || messageId.utf8.count > 256 {
            throw APIError(.badRequest, code: "invalid_message_id", message: "message ids are 1-256 bytes", field: "Idempotency-Key")
        }
        let ingestRequest = IngestRequest(
            tenant: context.tenant, channel: channel, contentType: request.headers[.contentType],
            messageIdHeader: messageId.map { "key:" + $0 }, headers: Self.archivedHeaders(request.headers),
            body: Array(buffer.readableBytesView)
        )
        if let acknowledgement {
            return await acknowledged(ingestRequest, with: acknowledgement, context: context)
        }
        do throws(IngestError) {
            let outcome = try await ingest.ingest(ingestRequest)
            var headers: HTTPFields = [:]
            if outcome.replayed { headers[.idempotentReplayed] = "true" }
            if !outcome.replayed {
                metrics.eventsCommitted.increment(by: Int64(outcome.events.count))
                if outcome.deadLetterId != nil { metrics.deadLetters.increment() }
            }
            context.logger.debug(
                "message ingested",
                metadata: [
                    "channel": "\(channel)", "events": "\(outcome.events.count)", "replayed": "\(outcome.replayed)",
                    "dead_letter": "\(outcome.deadLetterId.map(String.init) ?? "")",
                ]
            )
            return .json(outcome.response.body, status: .init(code: outcome.response.status), headers: headers)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }

    /// Ingests like `receive`, but answers with the XML acknowledgement the channel's senders expect,
    /// in the request's encoding, with the same HTTP status the JSON answer would have.
    func acknowledged(_ request: IngestRequest, with acknowledgement: Acknowledgement, context: GatewayRequestContext) async -> Response {
        let status: HTTPResponse.Status
        let outcome: Acknowledgement.Outcome
        var headers: HTTPFields = [:]
        do throws(IngestError) {
            let result = try await ingest.ingest(request)
            status = .init(code: result.response.status)
            if result.replayed { headers[.idempotentReplayed] = "true" }
            if let deadLetterId = result.deadLetterId {
                outcome = .deadLettered(code: "dead_letter", message: "kept as dead letter \(deadLetterId)")
            } else if result.replayed {
                outcome = .accepted(channelOrderIds: [])
            } else {
                metrics.eventsCommitted.increment(by: Int64(result.events.count))
                outcome = .accepted(channelOrderIds: Array(Set(result.events.map(\.channelOrderId))).sorted())
            }
        } catch {
            return Self.rejection(error.apiError(retryAfterSeconds: configuration.retryAfterSeconds), of: request.body, with: acknowledgement)
        }
        let (body, encoding) = acknowledgement.render(for: request.body, outcome: outcome)
        headers[.contentType] = "application/xml; charset=\(encoding)"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `answer` as the channel's XML acknowledgement, with the same status and headers.
    static func rejection(_ answer: APIError, of body: [UInt8], with acknowledgement: Acknowledgement) -> Response {
        var headers = answer.headers
        let (text, encoding) = acknowledgement.render(
            for: body, outcome: .rejected(status: Int(answer.status.code), code: answer.code, message: answer.message)
        )
        headers[.contentType] = "application/xml; charset=\(encoding)"
        return Response(status: answer.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// The 413 answer: the channel's XML acknowledgement where it has one, else the JSON error (thrown).
    func tooLarge(_ acknowledgement: Acknowledgement?) throws -> Response {
        let answer = Self.tooLarge(configuration.maxBodyBytes)
        guard let acknowledgement else { throw answer }
        return Self.rejection(answer, of: [], with: acknowledgement)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: "the request body is larger than \(limit) bytes")
    }

    /// The headers kept with the archived message; never authorization or cookies.
    static func archivedHeaders(_ headers: HTTPFields) -> [String: String] {
        var kept: [String: String] = [:]
        for field in headers {
            let name = field.name.canonicalName
            if Self.archivedNames.contains(name) || name.hasPrefix("x-shopify-") || name.hasPrefix("x-channel-") {
                kept[name] = field.value
            }
        }
        return kept
    }

    static let archivedNames: Set<String> = [
        "content-type", "content-length", "content-encoding", "user-agent", "idempotency-key", "x-message-id", "x-request-id",
        "x-forwarded-for",
    ]
}
