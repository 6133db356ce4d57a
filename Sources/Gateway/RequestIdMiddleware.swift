import UseCases
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id (the caller's `X-Request-Id` when well-formed, else Hummingbird's own), logs it and returns it.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let offered = request.headers[.requestId], Self.isAcceptable(offered) {
            id = offered
            context.logger[metadataKey: "hb.request.id"] = .string(offered)
        } else {
            id = context.id
        }
        context.requestId = id
        do {
            var response = try await next(request, context)
            response.headers[.requestId] = id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[.requestId] = id
            return response
        }
    }

    /// Ids of 1 to 128 visible ASCII characters are echoed; anything else is replaced.
    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

extension HTTPField.Name {
    static let requestId = Self("X-Request-Id")!
    static let tenantId = Self("X-Tenant-Id")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let messageId = Self("X-Message-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
