import Access
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// A signed-in console user: the access token kept in the session cookie, verified on every request.
///
/// The cookie holds the token the sign-in exchanged the client's secret for, so any replica that verifies the
/// gateway's tokens accepts it; the form token (CSRF) is derived from it, so nothing is kept per session.
struct ConsoleSession: Sendable {
    static let cookieName = "cg_console"
    static let signInCookieName = "cg_sign_in"

    let token: String
    let principal: Principal

    var clientId: String { principal.clientId }
    var tenant: String { principal.tenant }

    /// The token every form of this session carries back.
    var csrf: String { Self.formToken(for: token) }

    /// True when the session's scopes include `scope` (admin includes every scope).
    func allows(_ scope: String) -> Bool { AccessScope.allows(principal.scopes, scope) }

    /// The form token of a session or sign-in value: a digest only someone who can read the cookie can compute.
    static func formToken(for value: String) -> String {
        SHA256.hash(data: Data(("channelgate-console-form:" + value).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The value of cookie `name` in `request`, if sent.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }

    /// The session of `request`: nil without a cookie, `.failure` when the cookie's token does not verify (tampered, expired).
    static func of(_ request: Request, verifier: TokenVerifier) async -> Result<ConsoleSession, TokenError>? {
        guard let token = cookie(cookieName, in: request), !token.isEmpty else { return nil }
        do throws(TokenError) {
            let verified = try await verifier.verify(token, now: AccessControl.now())
            return .success(ConsoleSession(token: token, principal: Principal(clientId: verified.clientId, tenant: verified.tenant, scopes: verified.scopes)))
        } catch {
            return .failure(error)
        }
    }

    /// `Set-Cookie` for a session of `token`, living as long as the token; Secure when the request came over HTTPS.
    static func setCookie(_ token: String, maxAge: Int, request: Request) -> String {
        cookieName + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (isHTTPS(request) ? "; Secure" : "")
    }

    /// `Set-Cookie` that ends a session.
    static func clearCookie(request: Request) -> String {
        cookieName + "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0" + (isHTTPS(request) ? "; Secure" : "")
    }

    /// `Set-Cookie` for the sign-in form's one-time value (double-submitted with the form).
    static func signInCookie(_ value: String, request: Request) -> String {
        signInCookieName + "=" + value + "; Path=/console/sign-in; HttpOnly; SameSite=Strict; Max-Age=1800" + (isHTTPS(request) ? "; Secure" : "")
    }

    /// True when a TLS-terminating proxy says the client used HTTPS.
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
