import UseCases
import Access
import Adapters
import Crypto
import Foundation
import Gateway
import Testing

@Suite struct AccessAPITests {
    static let shopifyOrder = repository + "/contract-tests/shopify/rest-order.input.json"

    /// Creates a client through the admin API and returns a token for it.
    static func client(_ gateway: LiveGateway, id: String, scopes: [String]) async throws -> String {
        let scopesJSON = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let created = try await gateway.post("/v1/admin/clients", #"{"clientId":"\#(id)","name":"test","scopes":[\#(scopesJSON)]}"#)
        #expect(created.status == 201)
        let secret = try #require(try JSON.object(created)["clientSecret"] as? String)
        return try await gateway.fetchToken(clientId: id, secret: secret)
    }

    @Test func failedClientAuthenticationsAreThrottledPerClientAndPerAddress() async throws {
        try await LiveGateway.with(configure: {
            $0.access.maxFailedAuthenticationsPerClient = 3
            $0.access.maxFailedAuthenticationsPerAddress = 6
        }) { gateway in
            let secret = try String(contentsOfFile: gateway.server.demoSecretPath, encoding: .utf8)
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            func attempt(_ id: String, _ secret: String) async throws -> HTTPResponse {
                try await gateway.client.send(
                    "POST", gateway.baseURL + "/oauth/token", headers: form,
                    body: Array("grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)".utf8)
                )
            }
            let worker = try await gateway.post("/v1/admin/clients", #"{"clientId":"worker","name":"test","scopes":["orders:read"]}"#)
            let workerSecret = try #require(try JSON.object(worker)["clientSecret"] as? String)
            for _ in 0..<3 { #expect(try await attempt("demo", "guess").status == 401) }
            // Locked out, even with the right secret, and told when to come back.
            let locked = try await attempt("demo", secret)
            #expect(locked.status == 429)
            #expect(try JSON.object(locked)["error"] as? String == "slow_down")
            #expect(Int(locked.headers["retry-after"] ?? "") ?? 0 > 0)
            // Another client is not affected by demo's failures.
            #expect(try await attempt("worker", workerSecret).status == 200)
            // Guessing across many client ids from one address locks the address.
            for index in 0..<3 { #expect(try await attempt("nobody-\(index)", "guess").status == 401) }
            let address = try await attempt("worker", workerSecret)
            #expect(address.status == 429)
        }
    }

    @Test func everyNonPublicRouteWantsABearerToken() async throws {
        try await LiveGateway.with { gateway in
            for path in ["/v1/orders", "/v1/events?after=0", "/v1/dead-letters", "/v1/mappings", "/v1/admin/clients", "/v1/nowhere"] {
                let response = try await gateway.get(path, headers: ["Authorization": ""])
                #expect(response.status == 401, "\(path)")
                #expect(response.headers["www-authenticate"] == #"Bearer realm="channelgate""#)
                #expect(JSON.errorCode(response) == "missing_token")
            }
            let post = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("A-1"), headers: ["Authorization": ""])
            #expect(post.status == 401)
            for path in ["/healthz", "/readyz", "/metrics", "/.well-known/jwks.json"] {
                #expect(try await gateway.get(path, headers: ["Authorization": ""]).status == 200, "\(path)")
            }
            let garbage = try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer not.a.token"])
            #expect(garbage.status == 401)
            #expect(garbage.headers["www-authenticate"]?.contains(#"error="invalid_token""#) == true)
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Basic Zm9vOmJhcg=="]).status == 401)
            // Nothing was stored by the refused write.
            #expect(try gateway.server.store.counts(tenant: "default").events == 0)
        }
    }

    @Test func tokenEndpointFollowsTheClientCredentialsGrant() async throws {
        try await LiveGateway.with { gateway in
            let secret = try String(contentsOfFile: gateway.server.demoSecretPath, encoding: .utf8)
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let basic = "Basic " + Data("demo:\(secret)".utf8).base64EncodedString()
            let viaBasic = try await gateway.client.send(
                "POST", gateway.baseURL + "/oauth/token", headers: form.merging(["Authorization": basic]) { $1 },
                body: Array("grant_type=client_credentials&scope=orders%3Aread".utf8)
            )
            #expect(viaBasic.status == 200)
            #expect(viaBasic.headers["cache-control"] == "no-store")
            let answer = try JSON.object(viaBasic)
            #expect(answer["token_type"] as? String == "Bearer")
            #expect(answer["scope"] as? String == "orders:read")
            #expect(answer["expires_in"] as? Int == 3600)
            // The narrowed token reads orders but cannot write them.
            let narrowed = "Bearer " + (try #require(answer["access_token"] as? String))
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": narrowed]).status == 200)
            let write = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("N-1"), headers: ["Authorization": narrowed])
            #expect(write.status == 403)
            #expect(JSON.errorCode(write) == "insufficient_scope")
            #expect(write.headers["www-authenticate"]?.contains(#"scope="orders:write:canonical""#) == true)

            let cases: [(String, [String: String], Int, String)] = [
                ("grant_type=client_credentials&client_id=demo&client_secret=wrong", form, 401, "invalid_client"),
                ("grant_type=client_credentials&client_id=nobody&client_secret=\(secret)", form, 401, "invalid_client"),
                ("grant_type=password&client_id=demo&client_secret=\(secret)", form, 400, "unsupported_grant_type"),
                ("client_id=demo&client_secret=\(secret)", form, 400, "invalid_request"),
                ("grant_type=client_credentials&client_id=demo&client_secret=\(secret)&scope=orders%3Awrite%3Ax%20root", form, 400, "invalid_scope"),
                ("grant_type=client_credentials&client_id=demo&client_secret=\(secret)", ["Content-Type": "application/json"], 400, "invalid_request"),
            ]
            for (body, headers, status, code) in cases {
                let response = try await gateway.client.send("POST", gateway.baseURL + "/oauth/token", headers: headers, body: Array(body.utf8))
                #expect(response.status == status, "\(body)")
                #expect(try JSON.object(response)["error"] as? String == code, "\(body)")
            }
        }
    }

    @Test func channelClientsWriteOnlyTheirOwnChannelsAndTenants() async throws {
        try await LiveGateway.with { gateway in
            let shopify = try await Self.client(gateway, id: "shop-writer", scopes: ["orders:write:shopify"])
            let body = try Array(Data(contentsOf: URL(fileURLWithPath: Self.shopifyOrder)))
            let own = try await gateway.post("/v1/channels/shopify/orders", body, headers: ["Authorization": "Bearer " + shopify])
            #expect(own.status == 202)
            let other = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("X-1"), headers: ["Authorization": "Bearer " + shopify])
            #expect(other.status == 403)
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + shopify]).status == 403)
            #expect(try await gateway.get("/v1/admin/clients", headers: ["Authorization": "Bearer " + shopify]).status == 403)

            // A client of another tenant sees none of this tenant's orders.
            let orderId = try #require((try JSON.object(own)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let created = try await ClientRegistry(store: gateway.server.store).create(
                tenant: "brand-b", name: "b", scopes: ["orders:read", "events:read"], clientId: "b-reader", actor: "test"
            )
            let brandB = "Bearer " + (try await gateway.fetchToken(clientId: "b-reader", secret: created.secret))
            #expect(try await gateway.get("/v1/orders/\(orderId)", headers: ["Authorization": brandB]).status == 404)
            #expect(try await gateway.get("/v1/orders/\(orderId)").status == 200)
            let feed = try JSON.object(try await gateway.get("/v1/events?after=0", headers: ["Authorization": brandB]))
            #expect((feed["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func forgedAndForeignTokensAreRefused() async throws {
        try await LiveGateway.with { gateway in
            let stranger = SigningKey.generate(at: 0)
            let now = Int64(Date().timeIntervalSince1970)
            let issuer = TokenIssuer(issuer: "urn:channelgate", audience: "channelgate", lifetime: 600)
            let claims = issuer.claims(clientId: "demo", tenant: "default", scopes: ["admin"], now: now)
            let forged = try issuer.sign(claims, with: stranger)
            let answer = try await gateway.get("/v1/admin/clients", headers: ["Authorization": "Bearer " + forged])
            #expect(answer.status == 401)
            #expect(answer.headers["www-authenticate"]?.contains("unknown_key") == true)
            // The real token with its signature swapped for the stranger's.
            let parts = gateway.token.split(separator: ".")
            let foreign = forged.split(separator: ".")
            let spliced = parts[0] + "." + parts[1] + "." + foreign[2]
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + spliced]).status == 401)
            let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + none]).status == 401)
        }
    }

    @Test func disablingAClientRevokesItsTokensAndRotationKeepsOldTokensValid() async throws {
        try await LiveGateway.with { gateway in
            let reader = try await Self.client(gateway, id: "reader", scopes: ["orders:read"])
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + reader]).status == 200)
            let rotated = try await gateway.post("/v1/admin/signing-keys/rotate", "")
            #expect(rotated.status == 200)
            #expect((try JSON.object(rotated)["keys"] as? [Any])?.count == 2)
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + reader]).status == 200)
            #expect(try await gateway.post("/v1/admin/clients/reader/disable", "").status == 200)
            let refused = try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + reader])
            #expect(refused.status == 401)
            #expect(refused.headers["www-authenticate"]?.contains("revoked") == true)
            let log = try JSON.object(try await gateway.get("/v1/admin/audit"))
            let actions = (log["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(actions == ["client.create", "client.create", "signing_key.rotate", "client.disable"])
            #expect((log["entries"] as? [[String: Any]])?.last?["actor"] as? String == "demo")
        }
    }

    @Test func aFloodAtTenTimesTheLimitAdmitsNoMoreThanLimitPlusBurst() async throws {
        try await LiveGateway.with { gateway in
            let reader = "Bearer " + (try await Self.client(gateway, id: "flooder", scopes: ["orders:read"]))
            let set = try await gateway.client.send(
                "PUT", gateway.baseURL + "/v1/admin/rate-limits/client/flooder",
                headers: ["Content-Type": "application/json", "Authorization": "Bearer " + gateway.token], body: Array(#"{"rate":20,"burst":10}"#.utf8)
            )
            #expect(set.status == 200)
            let started = Date()
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<300 {
                    group.addTask {
                        let response = try await gateway.get("/v1/orders?limit=1", headers: ["Authorization": reader])
                        return (response.status, response.headers["retry-after"])
                    }
                }
                var all: [(Int, String?)] = []
                for try await status in group { all.append(status) }
                return all
            }
            let elapsed = Date().timeIntervalSince(started)
            let admitted = statuses.filter { $0.0 == 200 }.count
            #expect(admitted >= 10)
            #expect(Double(admitted) <= 10 + 20 * elapsed + 1, "admitted \(admitted) in \(elapsed) s")
            #expect(statuses.filter { $0.0 == 429 }.allSatisfy { $0.1 != nil })
            let limited = try await gateway.get("/v1/orders?limit=1", headers: ["Authorization": reader])
            if limited.status == 429 {
                #expect(limited.headers["ratelimit-limit"] == "10")
                #expect(limited.headers["ratelimit-remaining"] == "0")
                #expect(JSON.errorCode(limited) == "rate_limited")
            }
        }
    }

    @Test func signedWebhooksNeedNoTokenButAValidSignatureAndNoReplay() async throws {
        let secret = Array("shpss_test_secret".utf8)
        try await LiveGateway.with(configure: { $0.access.webhooks["shopify"] = .init(signature: .shopify(secret: secret), tenant: nil) }) { gateway in
            let body = try Array(Data(contentsOf: URL(fileURLWithPath: Self.shopifyOrder)))
            let mac = Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))).base64EncodedString()
            let signed = ["Authorization": "", "X-Shopify-Hmac-Sha256": mac, "X-Shopify-Webhook-Id": "delivery-1"]
            #expect(try await gateway.post("/v1/channels/shopify/orders", body, headers: signed).status == 202)
            let replay = try await gateway.post("/v1/channels/shopify/orders", body, headers: signed)
            #expect(replay.status == 409)
            #expect(JSON.errorCode(replay) == "webhook_replayed")
            var tampered = body
            tampered[tampered.count - 3] ^= 0x01
            var other = signed
            other["X-Shopify-Webhook-Id"] = "delivery-2"
            let forged = try await gateway.post("/v1/channels/shopify/orders", tampered, headers: other)
            #expect(forged.status == 401)
            #expect(JSON.errorCode(forged) == "signature_invalid")
            #expect(JSON.errorField(forged) == "X-Shopify-Hmac-Sha256")
            let unsigned = try await gateway.post("/v1/channels/shopify/orders", body, headers: ["Authorization": ""])
            #expect(JSON.errorCode(unsigned) == "signature_missing")
        }
    }

    @Test func requestsBeyondTheInFlightBoundAreShed() async throws {
        try await LiveGateway.with(configure: { $0.access.maxInFlight = 1 }) { gateway in
            async let waiting = gateway.get("/v1/events?after=0&wait=2")
            try await Task.sleep(for: .milliseconds(500))
            let shed = try await gateway.get("/v1/orders")
            #expect(shed.status == 503)
            #expect(shed.headers["retry-after"] == "1")
            #expect(JSON.errorCode(shed) == "overloaded")
            #expect(try await waiting.status == 200)
        }
    }

    @Test func personalDataIsMaskedWithoutThePIIScope() async throws {
        try await LiveGateway.with { gateway in
            let posted = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("P-1"))
            let orderId = try #require((try JSON.object(posted)["events"] as? [[String: Any]])?.first?["orderId"] as? String)
            let reader = "Bearer " + (try await Self.client(gateway, id: "plain-reader", scopes: ["orders:read", "events:read"]))
            for path in ["/v1/orders/\(orderId)", "/v1/orders", "/v1/events?after=0"] {
                let masked = String(decoding: try await gateway.get(path, headers: ["Authorization": reader]).body, as: UTF8.self)
                #expect(!masked.contains("Wang Fang"), "\(path)")
                #expect(!masked.contains("13800138000"), "\(path)")
                #expect(!masked.contains("88 Century Ave"), "\(path)")
                #expect(masked.contains("W**"), "\(path)")
                #expect(masked.contains("***8000"), "\(path)")
                #expect(masked.contains("Shanghai"), "\(path)")
                let full = String(decoding: try await gateway.get(path).body, as: UTF8.self)
                #expect(full.contains("Wang Fang"), "\(path)")
                #expect(full.contains("88 Century Ave"), "\(path)")
            }
        }
    }
}
