import UseCases
import CanonicalModel
import Foundation
import HTTPTypes
import Hummingbird

/// An error answer: HTTP status plus `{"error": {"code", "message", "field"}}` with a stable code.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let field: String?
    /// Extra headers such as `Retry-After`.
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The JSON body text.
    var body: String {
        var error = "{\"error\":{\"code\":" + JSONText.quoted(code) + ",\"message\":" + JSONText.quoted(message)
        if let field { error += ",\"field\":" + JSONText.quoted(field) }
        return error + "}}"
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "\(what) not found")
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: message, field: name)
    }
}

/// Small JSON text helpers for hand-assembled answers.
enum JSONText {
    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}

extension Response {
    /// A JSON answer from already-encoded text.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
