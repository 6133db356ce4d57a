import Access
import Console
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One console request once its session, scope and form token were checked.
struct ConsoleCall: Sendable {
    let request: Request
    let context: GatewayRequestContext
    let session: ConsoleSession
    /// The form fields of a POST (empty for a GET).
    let form: [String: String]

    var query: QueryParameters { QueryParameters(request: request) }
    /// True when the console's script asked for a piece of a page.
    var wantsFragment: Bool { request.headers[HTTPField.Name("X-Console-Fragment")!] == "1" }

    /// The route parameter `name`.
    func parameter(_ name: String) -> String { context.parameters.get(name) ?? "" }
}

/// What a console handler answers.
enum ConsoleAnswer: Sendable {
    /// A whole page: template, model, title, navigation section and a message.
    case page(String, any Sendable, title: String, section: ConsoleChrome.Section?, ok: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok)
    /// A piece of a page for the script to swap in.
    case fragment(String, any Sendable, status: HTTPResponse.Status = .ok)
    /// A redirect (303) to a console path, ending the session cookie when asked.
    case redirect(String, endingSession: Bool = false)
}

/// A console failure with its status and stable code, shown as a page (or a fragment) rather than JSON.
struct ConsoleFailure: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
}

/// Registers console routes: every one states the scope it needs; POSTs must carry the session's form token.
struct ConsoleRouter {
    let routes: DeclaredRouter
    let responder: ConsoleResponder

    /// A page or fragment read with `scope`.
    func get(_ path: String, scope: String, _ handler: @escaping @Sendable (ConsoleCall) async throws -> ConsoleAnswer) {
        routes.get(path, RouteAccess(requirement: .console, limit: .other)) { [responder] request, context in
            await responder.serve(request, context, scope: scope, isPost: false, handler)
        }
    }

    /// A form action needing `scope` and the session's form token.
    func post(_ path: String, scope: String, _ handler: @escaping @Sendable (ConsoleCall) async throws -> ConsoleAnswer) {
        routes.post(path, RouteAccess(requirement: .console, limit: .other)) { [responder] request, context in
            await responder.serve(request, context, scope: scope, isPost: true, handler)
        }
    }
}

/// Checks a console request's session, form token and scope, runs its handler and renders the answer as HTML.
struct ConsoleResponder: Sendable {
    let verifier: TokenVerifier
    let renderer: ConsoleRenderer
    /// The largest form a console POST may send.
    let maxFormBytes: Int

    /// The console's pages forbid inline script and any origin but the gateway's own.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    func serve(
        _ request: Request, _ context: GatewayRequestContext, scope: String, isPost: Bool,
        _ handler: @escaping @Sendable (ConsoleCall) async throws -> ConsoleAnswer
    ) async -> Response {
        let fragment = request.headers[HTTPField.Name("X-Console-Fragment")!] == "1"
        let session: ConsoleSession
        switch await ConsoleSession.of(request, verifier: verifier) {
        case nil:
            return signInFirst(request, fragment: fragment, reason: nil)
        case .failure(let error)?:
            return signInFirst(request, fragment: fragment, reason: "Your session is not valid (\(error.reason.rawValue)): sign in again.")
        case .success(let found)?:
            session = found
        }
        var form: [String: String] = [:]
        if isPost {
            do {
                let body = try await request.body.collect(upTo: maxFormBytes)
                form = TokenRoutes.formFields(String(decoding: body.readableBytesView, as: UTF8.self))
            } catch {
                return failure(ConsoleFailure(status: .contentTooLarge, code: "form_too_large", message: "the form is larger than \(maxFormBytes) bytes"), session, fragment)
            }
            let offered = form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
            guard !offered.isEmpty, offered == session.csrf else {
                return failure(
                    ConsoleFailure(status: .forbidden, code: "csrf_token_invalid", message: "the form's token is missing or stale: reload the page and try again"),
                    session, fragment
                )
            }
        }
        guard session.allows(scope) else {
            return failure(
                ConsoleFailure(status: .forbidden, code: "insufficient_scope", message: "client \(session.clientId) lacks the scope \(scope) this needs"),
                session, fragment
            )
        }
        do {
            let answer = try await handler(ConsoleCall(request: request, context: context, session: session, form: form))
            var response = respond(answer, session)
            if case .redirect(_, true) = answer { response.headers[.setCookie] = ConsoleSession.clearCookie(request: request) }
            return response
        } catch let error as ConsoleFailure {
            return failure(error, session, fragment)
        } catch let error as APIError {
            return failure(ConsoleFailure(status: error.status, code: error.code, message: error.message), session, fragment)
        } catch {
            return failure(ConsoleFailure(status: .internalServerError, code: "internal_error", message: "\(error)"), session, fragment)
        }
    }

    /// The HTML answer for `answer`.
    func respond(_ answer: ConsoleAnswer, _ session: ConsoleSession) -> Response {
        switch answer {
        case .page(let template, let model, let title, let section, let ok, let error, let status):
            let chrome = ConsoleChrome(title: title, section: section, who: session.clientId, csrf: session.csrf, flashOk: ok, flashError: error)
            return Self.html(renderer.page(template, model, chrome: chrome), status: status)
        case .fragment(let template, let model, let status):
            return Self.html(renderer.fragment(template, model, csrf: session.csrf), status: status)
        case .redirect(let location, _):
            return Self.redirect(location)
        }
    }

    func failure(_ failure: ConsoleFailure, _ session: ConsoleSession, _ fragment: Bool) -> Response {
        let model = MessagePage(title: failure.status == .forbidden ? "Not allowed" : "That did not work", code: failure.code, text: failure.message)
        if fragment { return Self.html(renderer.fragment("message", model, csrf: session.csrf), status: failure.status) }
        return respond(.page("message", model, title: model.title, section: nil, status: failure.status), session)
    }

    /// Pages send the browser to the sign-in form; fragments answer 401 with a link to it.
    func signInFirst(_ request: Request, fragment: Bool, reason: String?) -> Response {
        if fragment {
            let model = MessagePage(title: "Signed out", code: "session_required", text: "Sign in again at /console/sign-in.")
            var response = Self.html(renderer.fragment("message", model, csrf: ""), status: .unauthorized)
            response.headers[.setCookie] = ConsoleSession.clearCookie(request: request)
            return response
        }
        var response = Self.redirect(reason == nil ? "/console/sign-in" : "/console/sign-in?expired=1")
        if reason != nil { response.headers[.setCookie] = ConsoleSession.clearCookie(request: request) }
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
