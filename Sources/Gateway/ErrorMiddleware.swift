import UseCases
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Storage

/// The one mapping from errors to HTTP answers: each module's error type has its status and code (store errors e.g. 503
/// `store_unavailable`); anything else becomes 500 `internal_error` with the request id, and is logged.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// `Retry-After` for store errors that reach this far.
    let retryAfterSeconds: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw Self.translate(error)
        } catch let error as StoreError {
            throw error.apiError(retryAfterSeconds: retryAfterSeconds)
        } catch let error as HTTPParserError {
            // The client sent bytes that are not HTTP, or went away mid-body (e.g. closed for idling); nobody may hear this.
            context.logger.debug("request body unreadable", metadata: ["error": "\(error)"])
            throw APIError(.badRequest, code: "bad_request", message: "the request could not be read as HTTP")
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the request body is larger than the limit")
        } catch {
            // Whatever no module gave a meaning is ChannelGate's fault: 500, never a retry-later 503.
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            throw APIError(
                .internalServerError, code: "internal_error",
                message: "the request could not be processed; quote request id \(context.requestId) when reporting it"
            )
        }
    }

    static func translate(_ error: HTTPError) -> APIError {
        let code: String = switch error.status.code {
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 400: "bad_request"
        default: "http_\(error.status.code)"
        }
        return APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase, headers: error.headers)
    }
}
