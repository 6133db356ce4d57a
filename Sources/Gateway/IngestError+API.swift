import UseCases
import CanonicalModel
import HTTPTypes
import Hummingbird
import Ingest
import Storage

extension IngestError {
    /// The HTTP answer for this error.
    func apiError(retryAfterSeconds: Int) -> APIError {
        switch self {
        case .unknownChannel(let name):
            return APIError(.notFound, code: "unknown_channel", message: "no channel named \(name) is configured", field: "channel")
        case .unsupportedMediaType(let type):
            return APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "this channel does not read \(type ?? "a body without a content type")", field: "Content-Type"
            )
        case .payload(let error):
            if error.code == "payload_too_large" {
                return APIError(.contentTooLarge, code: error.code, message: error.message, field: error.field)
            }
            let status: HTTPResponse.Status = error.kind == .malformed ? .badRequest : .unprocessableContent
            return APIError(status, code: error.code, message: error.message, field: error.field)
        case .store(let error):
            return error.apiError(retryAfterSeconds: retryAfterSeconds)
        }
    }
}

extension StoreError {
    /// The HTTP answer for this store error; unavailable stores answer 503 with `Retry-After`.
    func apiError(retryAfterSeconds: Int) -> APIError {
        switch kind {
        case .unavailable, .closed:
            return APIError(
                .serviceUnavailable, code: "store_unavailable", message: "the store cannot take writes now; nothing was stored",
                headers: [.retryAfter: String(retryAfterSeconds)]
            )
        case .notFound:
            return APIError(.notFound, code: "not_found", message: message)
        case .conflict:
            return APIError(.conflict, code: "conflict", message: message)
        case .leaseLost:
            return APIError(.conflict, code: "lease_lost", message: message)
        case .internal:
            return APIError(.internalServerError, code: "internal_error", message: "the store failed to answer; the error is logged")
        }
    }
}
