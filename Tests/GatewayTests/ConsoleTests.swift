import Adapters
import Foundation
import Gateway
import Testing

/// The operator console over real HTTP: sign-in, the session cookie, form tokens, scopes, audit, and bad input that
/// gets a clear answer and changes nothing.
@Suite struct ConsoleTests {
    /// An h5-shop order whose status code the shipped mapping's lookup does not know: it becomes a dead letter.
    static func unknownStatusOrder(_ number: Int) throws -> String {
        let text = try String(contentsOfFile: repository + "/contract-tests/h5-shop/paid-store-pickup.input.json", encoding: .utf8)
        return text.replacingOccurrences(of: "\"status\": 21", with: "\"status\": 60")
            .replacingOccurrences(of: "WX20251120101533000731", with: "WX-CONSOLE-\(number)")
            .replacingOccurrences(of: "evt_20251120102215_5f3a9c", with: "evt_console_\(number)")
    }

    /// The shipped h5-shop mapping with status 60 added to its lookup.
    static func fixedMapping() throws -> String {
        let text = try String(contentsOfFile: repository + "/mappings/h5-shop.yaml", encoding: .utf8)
        return text.replacingOccurrences(of: "    \"40\": delivered", with: "    \"60\": shipped\n    \"40\": delivered")
    }

    static func deadLetter(_ gateway: LiveGateway, _ number: Int) async throws -> Int {
        let posted = try await gateway.post("/v1/channels/h5-shop/orders", try unknownStatusOrder(number))
        #expect(posted.status == 202)
        return try #require(try JSON.object(posted)["deadLetterId"] as? Int)
    }

    static func status(ofDeadLetter id: Int, _ gateway: LiveGateway) async throws -> String? {
        try JSON.object(try await gateway.get("/v1/dead-letters/\(id)"))["status"] as? String
    }

    static func auditActions(_ gateway: LiveGateway) async throws -> [(action: String, actor: String)] {
        let entries = (try JSON.object(try await gateway.get("/v1/admin/audit")))["entries"] as? [[String: Any]] ?? []
        return entries.map { ($0["action"] as? String ?? "", $0["actor"] as? String ?? "") }
    }

    @Test func signingInSetsAStrictHttpOnlySessionAndPagesForbidInlineScript() async throws {
        try await LiveGateway.with { gateway in
            let first = try await gateway.client.send("GET", gateway.baseURL + "/console/dead-letters")
            #expect(first.status == 303)
            #expect(first.headers["location"] == "/console/sign-in")
            let form = try await gateway.client.send("GET", gateway.baseURL + "/console/sign-in")
            let policy = try #require(form.headers["content-security-policy"])
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(!form.text.contains("<script>"), "no inline script")

            // Without the form's one-time token, or with a wrong secret: no session.
            let secret = try String(contentsOfFile: gateway.server.demoSecretPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let noToken = try await gateway.client.send(
                "POST", gateway.baseURL + "/console/sign-in", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("client_id=demo&client_secret=\(ConsoleVisitor.encoded(secret))".utf8)
            )
            #expect(noToken.status == 403)
            #expect(noToken.headers["set-cookie"]?.hasPrefix("cg_console=") != true)
            let nonce = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let wrong = try await gateway.client.send(
                "POST", gateway.baseURL + "/console/sign-in", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": nonce],
                body: Array("csrf=\(try #require(ConsoleVisitor.formToken(in: form.text)))&client_id=demo&client_secret=wrong".utf8)
            )
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("invalid_client"))
            #expect(wrong.headers["set-cookie"]?.hasPrefix("cg_console=") != true)

            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            #expect(visitor.cookie.hasPrefix("cg_console="))
            let again = try await gateway.client.send("GET", gateway.baseURL + "/console/sign-in")
            let nonceAgain = try #require(again.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let overTLS = try await gateway.client.send(
                "POST", gateway.baseURL + "/console/sign-in",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": nonceAgain, "X-Forwarded-Proto": "https"],
                body: Array("csrf=\(try #require(ConsoleVisitor.formToken(in: again.text)))&client_id=demo&client_secret=\(ConsoleVisitor.encoded(secret))".utf8)
            )
            let cookie = try #require(overTLS.headers["set-cookie"])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console", "Secure"] { #expect(cookie.contains(attribute), "cookie lacks \(attribute)") }
            let page = try await visitor.get("/console")
            #expect(page.status == 200)
            #expect(page.text.contains("data-channel=\"h5-shop\""))
            #expect(try await Self.auditActions(gateway).contains { $0.action == "console.sign_in" && $0.actor == "demo" })

            let out = try await visitor.post("/console/sign-out", [:])
            #expect(out.status == 303)
            #expect(out.headers["set-cookie"]?.contains("Max-Age=0") == true)
            #expect(try await Self.auditActions(gateway).contains { $0.action == "console.sign_out" && $0.actor == "demo" })
        }
    }

    @Test func aTamperedCookieOrAMissingFormTokenChangesNothing() async throws {
        try await LiveGateway.with { gateway in
            let id = try await Self.deadLetter(gateway, 1)
            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            // One character of the token's signature changed: the session is refused and cleared.
            var tampered = Array(visitor.cookie)
            tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
            let page = try await visitor.get("/console/dead-letters", cookie: String(tampered))
            #expect(page.status == 303)
            #expect(page.headers["location"] == "/console/sign-in?expired=1")
            #expect(page.headers["set-cookie"]?.contains("Max-Age=0") == true)
            let replayTampered = try await visitor.post("/console/dead-letters/\(id)/replay", ["body": try Self.unknownStatusOrder(1)], cookie: String(tampered))
            #expect(replayTampered.status == 303)
            // A valid session without the form's token, or with another session's.
            let noToken = try await visitor.post("/console/dead-letters/\(id)/replay", [:], csrf: .some(nil))
            #expect(noToken.status == 403)
            #expect(noToken.text.contains("csrf_token_invalid"))
            let foreign = try await visitor.post("/console/dead-letters/\(id)/replay", [:], csrf: .some("0123abcd"))
            #expect(foreign.status == 403)
            #expect(try await Self.status(ofDeadLetter: id, gateway) == "open")
            #expect(try await !Self.auditActions(gateway).contains { $0.action.hasPrefix("dead_letter.") })
        }
    }

    @Test func replayingNeedsAdminAndPersonalDataNeedsPiiRead() async throws {
        try await LiveGateway.with { gateway in
            let id = try await Self.deadLetter(gateway, 2)
            let created = try await gateway.post("/v1/admin/clients", #"{"clientId":"viewer","name":"test","scopes":["orders:read"]}"#)
            let secret = try #require(try JSON.object(created)["clientSecret"] as? String)
            let viewer = try await ConsoleVisitor.signIn(gateway, clientId: "viewer", secret: secret)
            let list = try await viewer.get("/console/dead-letters")
            #expect(list.status == 200)
            #expect(list.text.contains("data-id=\"\(id)\""))
            #expect(!list.text.contains("id=\"replay-matching\""), "no bulk replay offered without admin")
            let detail = try await viewer.get("/console/dead-letters/\(id)")
            #expect(detail.status == 200)
            #expect(!detail.text.contains("WX-CONSOLE-2"), "the payload (personal data) is hidden without pii:read")
            let replay = try await viewer.post("/console/dead-letters/\(id)/replay", [:])
            #expect(replay.status == 403)
            #expect(replay.text.contains("insufficient_scope"))
            let bulk = try await viewer.post("/console/dead-letters/replay-matching?channel=h5-shop", [:])
            #expect(bulk.status == 403)
            let publish = try await viewer.post("/console/mappings/h5-shop/publish", ["source": try Self.fixedMapping()])
            #expect(publish.status == 403)
            #expect(try await Self.status(ofDeadLetter: id, gateway) == "open")
            let versions = try JSON.object(try await gateway.get("/v1/mappings/h5-shop/versions"))["versions"] as? [Any]
            #expect(versions?.isEmpty == true)

            let admin = try await ConsoleVisitor.signInAsDemo(gateway)
            let shown = try await admin.get("/console/dead-letters/\(id)")
            #expect(shown.text.contains("WX-CONSOLE-2"))
            #expect(shown.text.contains("<mark class=\"fault\">60</mark>"), "the failing payload path is marked")
        }
    }

    @Test func badDraftsGetTheirAnswerAndPublishNothing() async throws {
        try await LiveGateway.with { gateway in
            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            let huge = String(repeating: "# padding\n", count: 30_000)
            let oversized = try await visitor.post("/console/mappings/h5-shop/preview", ["source": huge, "sample": "{}"], fragment: true)
            #expect(oversized.status == 413)
            #expect(oversized.text.contains("draft_too_large"))
            let broken = try Self.fixedMapping().replacingOccurrences(of: "messageId: {path: $.event_id}", with: "messageId: {path: $.event_id, as: nonsense}")
            let preview = try await visitor.post("/console/mappings/h5-shop/preview", ["source": broken, "sample": try Self.unknownStatusOrder(3)], fragment: true)
            #expect(preview.status == 200)
            #expect(preview.text.contains("class=\"compile-error\""))
            #expect(preview.text.contains("h5-shop.yaml:"), "the error names file:line:column")
            let publish = try await visitor.post("/console/mappings/h5-shop/publish", ["source": broken])
            #expect(publish.status == 422)
            #expect(publish.text.contains("Not published"))
            let versions = try JSON.object(try await gateway.get("/v1/mappings/h5-shop/versions"))["versions"] as? [Any]
            #expect(versions?.isEmpty == true)
            #expect(try await !Self.auditActions(gateway).contains { $0.action.hasPrefix("mapping.") })
        }
    }

    @Test func theDraftIsCheckedOverStoredTrafficThenPublishedAndReplayedUnderTheSignedInClient() async throws {
        try await LiveGateway.with { gateway in
            let id = try await Self.deadLetter(gateway, 4)
            let good = try String(contentsOfFile: repository + "/contract-tests/h5-shop/paid-store-pickup.input.json", encoding: .utf8)
            #expect(try await gateway.post("/v1/channels/h5-shop/orders", good).status == 202)
            let visitor = try await ConsoleVisitor.signInAsDemo(gateway)
            let workbench = try await visitor.get("/console/mappings/h5-shop?deadLetter=\(id)")
            #expect(workbench.status == 200)
            #expect(workbench.text.contains("WX-CONSOLE-4"), "the dead letter is the sample")
            let fixed = try Self.fixedMapping()
            let preview = try await visitor.post("/console/mappings/h5-shop/preview", ["source": fixed, "sample": try Self.unknownStatusOrder(4)], fragment: true)
            #expect(preview.text.contains("OrderCreated"))
            let check = try await visitor.post("/console/mappings/h5-shop/check", ["source": fixed], fragment: true)
            #expect(check.status == 200)
            #expect(check.text.contains("data-dead-letter=\"\(id)\""), "the draft fixes the dead letter")
            #expect(check.text.contains("class=\"passed\""))
            #expect(!check.text.contains("class=\"failed\""))
            #expect(check.text.contains("<span class=\"add\">+     &quot;60&quot;: shipped</span>"), "the diff shows the added line")
            #expect(check.text.contains("None: 1 messages map to the same events"), "the stored order maps as before")

            let done = try await visitor.post("/console/mappings/h5-shop/publish-and-replay", ["source": fixed])
            #expect(done.status == 200)
            #expect(done.text.contains("id=\"replayed\""))
            #expect(done.text.contains("/console/orders/ord_"))
            #expect(try await Self.status(ofDeadLetter: id, gateway) == "replayed")
            let audit = try await Self.auditActions(gateway)
            for action in ["mapping.publish", "dead_letter.replay", "mapping.publish_and_replay"] {
                #expect(audit.contains { $0.action == action && $0.actor == "demo" }, "\(action) by demo is audited")
            }
        }
    }
}
