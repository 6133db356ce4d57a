import Access
import CanonicalModel
import Console
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage
import UseCases

/// `/console`: the operator console, server-rendered HTML over the same use cases as the API.
struct ConsoleRoutes {
    let services: ChannelGateServices
    let renderer: ConsoleRenderer
    let assets: ConsoleAssets

    /// How many minutes of traffic the channel tiles sum.
    static let tileWindowMinutes = 15

    func register(on routes: DeclaredRouter) {
        let console = ConsoleRouter(
            routes: routes,
            responder: ConsoleResponder(verifier: services.access.verifier, renderer: renderer, maxFormBytes: services.configuration.maxBodyBytes)
        )
        routes.get("/console/assets/:name", RouteAccess(requirement: .console, limit: .other)) { _, context in
            guard let asset = assets.asset(named: context.parameters.get("name") ?? "") else { throw APIError.notFound("console asset") }
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=300", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes))
            )
        }
        routes.get("/console/sign-in", RouteAccess(requirement: .console, limit: .other)) { request, _ in signInForm(request) }
        routes.post("/console/sign-in", RouteAccess(requirement: .console, limit: .token)) { request, context in
            try await signIn(request, from: context.clientAddress)
        }
        console.post("/console/sign-out", scope: AccessScope.ordersRead) { call in try await signOut(call) }
        console.get("/console", scope: AccessScope.ordersRead) { call in
            .page("channels", try channelsPage(call), title: "Channels", section: .channels)
        }
        console.get("/console/channels/tiles", scope: AccessScope.ordersRead) { call in .fragment("channel-tiles-fragment", try channelsPage(call)) }
        ConsoleDeadLetterRoutes(services: services).register(on: console)
        ConsoleWorkbenchRoutes(services: services).register(on: console)
        ConsoleOrderRoutes(services: services).register(on: console)
        ConsoleForecastRoutes(services: services).register(on: console)
        ConsoleRoutingRoutes(services: services).register(on: console)
        ConsoleOperationsRoutes(services: services).register(on: console)
    }

    func channelsPage(_ call: ConsoleCall) throws -> ChannelsPage {
        let tenant = call.session.tenant
        let channels = services.ingest.channelDefinitions(tenant: tenant)
        let activity = try services.store.channelActivity(
            tenant: tenant, channels: channels.map(\.name), since: Date().addingTimeInterval(-Double(Self.tileWindowMinutes * 60))
        )
        return ChannelsPage(
            channels: channels, activity: activity,
            pollers: services.pollers.map(\.status).filter { $0.tenant == tenant }, windowMinutes: Self.tileWindowMinutes
        )
    }

    /// The sign-in form with a fresh one-time value, set as a cookie and carried in the form.
    func signInForm(_ request: Request, clientId: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let nonce = Self.randomToken()
        let query = QueryParameters(request: request)
        let ok = query.string("signed_out") != nil ? "Signed out." : nil
        let problem = error ?? (query.string("expired") != nil ? "Your session ended: sign in again." : nil)
        let chrome = ConsoleChrome(
            title: "Sign in", section: nil, who: nil, csrf: ConsoleSession.formToken(for: nonce), flashOk: ok, flashError: problem, bodyClass: "sign-in"
        )
        return ConsoleResponder.html(
            renderer.page("sign-in", SignInPage(clientId: clientId), chrome: chrome), status: status,
            headers: [.setCookie: ConsoleSession.signInCookie(nonce, request: request)]
        )
    }

    /// Exchanges the form's client id and secret for a token, as `POST /oauth/token` does, and keeps it in the session cookie.
    func signIn(_ request: Request, from address: String?) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 10)
        let form = TokenRoutes.formFields(String(decoding: body.readableBytesView, as: UTF8.self))
        let clientId = form["client_id"] ?? ""
        guard let nonce = ConsoleSession.cookie(ConsoleSession.signInCookieName, in: request), form["csrf"] == ConsoleSession.formToken(for: nonce) else {
            return signInForm(request, clientId: clientId, error: "The sign-in form expired (csrf_token_invalid): try again.", status: .forbidden)
        }
        switch try await services.access.exchangeClientCredentials(
            clientId: clientId, secret: form["client_secret"] ?? "", requestedScope: nil, from: address
        ) {
        case .success(let issued):
            try await services.store.audit(
                AuditEntry(tenant: issued.tenant, actor: issued.clientId, action: "console.sign_in", target: issued.clientId, before: nil, after: nil, at: Timestamp.format(Date()))
            )
            var response = ConsoleResponder.redirect("/console")
            response.headers.append(HTTPField(name: .setCookie, value: ConsoleSession.setCookie(issued.token, maxAge: issued.expiresInSeconds, request: request)))
            return response
        case .failure(let refusal):
            let status: HTTPResponse.Status = refusal.reason == .slowDown ? .tooManyRequests : .unauthorized
            return signInForm(request, clientId: clientId, error: "Sign-in refused (\(refusal.code)): \(refusal.description).", status: status)
        }
    }

    func signOut(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        try await services.store.audit(
            AuditEntry(
                tenant: call.session.tenant, actor: call.session.clientId, action: "console.sign_out", target: call.session.clientId, before: nil, after: nil,
                at: Timestamp.format(Date())
            )
        )
        return .redirect("/console/sign-in?signed_out=1", endingSession: true)
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }
}
