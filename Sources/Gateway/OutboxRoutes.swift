import Access
import UseCases
import CanonicalModel
import Foundation
import Hummingbird
import Ingest
import NIOCore
import Storage

/// `POST /v1/orders/{id}/changes` (ship or cancel an order from inside ChannelGate), `GET /v1/outbox` and
/// `POST /v1/outbox/{id}/retry`: what is being pushed back to channels, and replaying what failed.
struct OutboxRoutes {
    let ingest: IngestService
    let store: any StorageBackend
    let configuration: GatewayConfiguration

    func register(on router: DeclaredRouter) {
        router.post("/v1/orders/:id/changes", .admin(.orders)) { request, context in
            try await change(request, context: context)
        }
        router.get("/v1/outbox", .admin(.other)) { request, context in
            let query = QueryParameters(request: request)
            let statusWord = query.string("status")
            let status = statusWord.flatMap(OutboxStatus.init(rawValue:))
            if statusWord != nil, status == nil {
                throw APIError.badParameter("status", "status is pending, sent or failed")
            }
            let entries = try store.outboxEntries(
                tenant: context.tenant, status: status, after: try query.integer("after", default: 0, range: 0...Int64.max),
                limit: Int(try query.integer("limit", default: 100, range: 1...1000))
            )
            return Response.json("{\"entries\":[" + entries.map(Self.describe).joined(separator: ",") + "]}")
        }
        router.post("/v1/outbox/:id/retry", .admin(.other)) { _, context in
            let id = try context.parameters.require("id", as: Int64.self)
            try await store.retryOutboxEntry(
                tenant: context.tenant, id: id,
                audit: AuditEntry(
                    tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", action: "outbox.retry", target: String(id),
                    before: JSONText.quoted("failed"), after: JSONText.quoted("pending"), at: Timestamp.format(Date())
                )
            )
            return Response.json("{\"id\":\(id),\"status\":\"pending\"}")
        }
    }

    func change(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let orderId = try context.parameters.require("id")
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send application/json")
        }
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        do throws(IngestError) {
            let outcome = try await ingest.recordChange(
                tenant: context.tenant, orderId: orderId, body: Array(buffer.readableBytesView), key: request.headers[.idempotencyKey],
                author: context.principal?.clientId ?? "anonymous"
            )
            return .json(outcome.response.body, status: .init(code: outcome.response.status), headers: outcome.replayed ? [.idempotentReplayed: "true"] : [:])
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }

    static func describe(_ entry: OutboxEntry) -> String {
        "{\"id\":" + String(entry.id) + ",\"channel\":" + JSONText.quoted(entry.channel) + ",\"orderId\":" + JSONText.quoted(entry.orderId)
            + ",\"channelOrderId\":" + JSONText.quoted(entry.channelOrderId) + ",\"eventId\":" + JSONText.quoted(entry.eventId) + ",\"type\":"
            + JSONText.quoted(entry.eventType.rawValue) + ",\"status\":" + JSONText.quoted(entry.status.rawValue) + ",\"attempts\":" + String(entry.attempts)
            + ",\"lastError\":" + (entry.lastError.map(JSONText.quoted) ?? "null") + ",\"createdAt\":" + JSONText.quoted(entry.createdAt)
            + ",\"sentAt\":" + (entry.sentAt.map(JSONText.quoted) ?? "null") + "}"
    }
}
