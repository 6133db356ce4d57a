import UseCases
import Access
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage

/// `POST /oauth/token` (client-credentials grant, RFC 6749 §4.4) and `GET /.well-known/jwks.json`.
///
/// Token errors use the RFC 6749 §5.2 shape (`{"error": "...", "error_description": "..."}`) that OAuth clients expect.
struct TokenRoutes {
    let access: AccessControl

    func register(on router: DeclaredRouter) {
        router.post("/oauth/token", RouteAccess(requirement: .open, limit: .token)) { request, context in
            try await token(request, from: context.clientAddress)
        }
        router.get("/.well-known/jwks.json", RouteAccess(requirement: .open, limit: .other)) { _, _ in
            Response.json(access.jwksDocument, headers: [.cacheControl: "public, max-age=300"])
        }
    }

    func token(_ request: Request, from address: String?) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.failure("invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let body = try await request.body.collect(upTo: 16 << 10)
        let form = Self.formFields(String(decoding: body.readableBytesView, as: UTF8.self))
        guard form["grant_type"] == "client_credentials" else {
            return Self.failure(form["grant_type"] == nil ? "invalid_request" : "unsupported_grant_type", "grant_type must be client_credentials")
        }
        let credentials: (id: String, secret: String)
        if let basic = request.headers[.authorization] {
            guard let decoded = Self.basicCredentials(basic) else { return Self.invalidClient() }
            guard form["client_secret"] == nil else { return Self.failure("invalid_request", "use one client authentication method") }
            credentials = decoded
        } else if let id = form["client_id"], let secret = form["client_secret"] {
            credentials = (id, secret)
        } else {
            return Self.invalidClient()
        }
        switch try await access.exchangeClientCredentials(
            clientId: credentials.id, secret: credentials.secret, requestedScope: form["scope"], from: address
        ) {
        case .success(let issued):
            let answer = "{\"access_token\":" + JSONText.quoted(issued.token) + ",\"token_type\":\"Bearer\",\"expires_in\":"
                + String(issued.expiresInSeconds) + ",\"scope\":" + JSONText.quoted(issued.scopes.joined(separator: " ")) + "}"
            return .json(answer, headers: [.cacheControl: "no-store"])
        case .failure(let refusal) where refusal.reason == .invalidClient:
            return Self.invalidClient()
        case .failure(let refusal):
            guard let wait = refusal.retryAfterSeconds else { return Self.failure(refusal.code, refusal.description) }
            return Self.failure(refusal.code, refusal.description, status: .tooManyRequests, headers: [.retryAfter: String(wait)])
        }
    }

    static func invalidClient() -> Response {
        failure("invalid_client", "client authentication failed", status: .unauthorized, headers: [.wwwAuthenticate: #"Basic realm="channelgate""#])
    }

    static func failure(_ code: String, _ description: String, status: HTTPResponse.Status = .badRequest, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.cacheControl] = "no-store"
        return .json("{\"error\":" + JSONText.quoted(code) + ",\"error_description\":" + JSONText.quoted(description) + "}", status: status, headers: fields)
    }

    /// `application/x-www-form-urlencoded` fields; the first of repeated names wins.
    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecode(parts[0]) else { continue }
            let value = parts.count > 1 ? formDecode(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String) -> (id: String, secret: String)? {
        guard header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let id = formDecode(parts[0]), let secret = formDecode(parts[1]) else { return nil }
        return (id, secret)
    }
}
