import Adapters
import Foundation
import Gateway
import Testing

/// A console user driven over real HTTP: signs in with a client's secret and keeps the session cookie and form token.
struct ConsoleVisitor: Sendable {
    let gateway: LiveGateway
    /// `cg_console=…` as the browser would send it.
    let cookie: String
    /// The form token of the session, as the pages carry it.
    let csrf: String

    /// Signs in as `clientId` through the console's form; fails the test when the console refuses.
    static func signIn(_ gateway: LiveGateway, clientId: String, secret: String) async throws -> ConsoleVisitor {
        let form = try await gateway.client.send("GET", gateway.baseURL + "/console/sign-in")
        #expect(form.status == 200)
        let nonceCookie = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let formToken = try #require(Self.formToken(in: form.text))
        let answer = try await gateway.client.send(
            "POST", gateway.baseURL + "/console/sign-in",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": nonceCookie],
            body: Array("csrf=\(formToken)&client_id=\(clientId)&client_secret=\(Self.encoded(secret))".utf8)
        )
        #expect(answer.status == 303, "sign-in answered \(answer.status): \(answer.text.prefix(300))")
        let session = try #require(answer.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let page = try await gateway.client.send("GET", gateway.baseURL + "/console", headers: ["Cookie": session])
        #expect(page.status == 200)
        return ConsoleVisitor(gateway: gateway, cookie: session, csrf: try #require(Self.formToken(in: page.text)))
    }

    /// Signs in as the demo client (every scope).
    static func signInAsDemo(_ gateway: LiveGateway) async throws -> ConsoleVisitor {
        let secret = try String(contentsOfFile: gateway.server.demoSecretPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try await signIn(gateway, clientId: GatewayServer.demoClientId, secret: secret)
    }

    func get(_ path: String, cookie override: String? = nil) async throws -> HTTPResponse {
        try await gateway.client.send("GET", gateway.baseURL + path, headers: ["Cookie": override ?? cookie])
    }

    /// Posts `fields` as a form, with the session's token unless `csrf` says otherwise (nil sends none).
    func post(_ path: String, _ fields: [String: String], csrf: String?? = .none, cookie override: String? = nil, fragment: Bool = false) async throws -> HTTPResponse {
        var all = fields
        switch csrf {
        case .none: all["csrf"] = self.csrf
        case .some(.some(let token)): all["csrf"] = token
        case .some(.none): break
        }
        var headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": override ?? cookie]
        if fragment { headers["X-Console-Fragment"] = "1" }
        let body = all.map { Self.encoded($0.key) + "=" + Self.encoded($0.value) }.joined(separator: "&")
        return try await gateway.client.send("POST", gateway.baseURL + path, headers: headers, body: Array(body.utf8))
    }

    /// The first form token (`name="csrf" value="…"`, or the page's `data-csrf`) in `html`.
    static func formToken(in html: String) -> String? {
        for marker in ["data-csrf=\"", "name=\"csrf\" value=\""] {
            guard let start = html.range(of: marker) else { continue }
            let rest = html[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            let token = String(rest[..<end])
            if !token.isEmpty { return token }
        }
        return nil
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
