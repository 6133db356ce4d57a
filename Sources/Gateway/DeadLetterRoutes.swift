import Access
import UseCases
import Foundation
import Hummingbird
import Ingest
import NIOCore
import Storage

/// `GET /v1/dead-letters`, `GET /v1/dead-letters/{id}` and `POST /v1/dead-letters/{id}/replay`.
struct DeadLetterRoutes {
    let ingest: IngestService
    let configuration: GatewayConfiguration

    func register(on router: DeclaredRouter) {
        router.get("/v1/dead-letters", .admin(.deadLetters)) { request, context in
            try list(request, context: context)
        }
        router.get("/v1/dead-letters/:id", .admin(.deadLetters)) { request, context in
            try one(request, context: context)
        }
        router.post("/v1/dead-letters/:id/replay", .admin(.deadLetters)) { request, context in
            try await replay(request, context: context)
        }
    }

    func list(_ request: Request, context: GatewayRequestContext) throws -> Response {
        let query = QueryParameters(request: request)
        let statusWord = query.string("status") ?? "open"
        let status = DeadLetterStatus(rawValue: statusWord)
        guard status != nil || statusWord == "all" else {
            throw APIError.badParameter("status", "status must be open, replayed or all")
        }
        let after = try query.integer("after", default: 0, range: 0...Int64.max)
        let limit = Int(try query.integer("limit", default: 100, range: 1...1000))
        let letters: [DeadLetter]
        do throws(StoreError) {
            letters = try ingest.store.deadLetters(tenant: context.tenant, status: status, after: after, limit: limit)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        let next = letters.count == limit ? letters.last.map { String($0.id) } : nil
        return try .json(encoding: DeadLetterListResponse(deadLetters: letters.map(DeadLetterResponse.init), next: next))
    }

    func one(_ request: Request, context: GatewayRequestContext) throws -> Response {
        let id = try Self.id(context)
        let letter: DeadLetter?
        do throws(StoreError) {
            letter = try ingest.store.deadLetter(tenant: context.tenant, id: id)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        guard let letter else { throw APIError.notFound("dead letter \(id)") }
        return try .json(encoding: DeadLetterResponse(letter: letter))
    }

    /// Replays with the stored bytes, or with the request body as a corrected message when one is sent.
    func replay(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        let replacement = buffer.readableBytes > 0 ? Array(buffer.readableBytesView) : nil
        do throws(IngestError) {
            let outcome = try await ingest.replay(tenant: context.tenant, deadLetterId: id, replacementBody: replacement)
            context.logger.info("dead letter replayed", metadata: ["dead_letter": "\(id)", "events": "\(outcome.events.count)"])
            return .json(outcome.response.body, status: .ok)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }

    static func id(_ context: GatewayRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError.badParameter("id", "dead letter ids are positive integers")
        }
        return id
    }
}
