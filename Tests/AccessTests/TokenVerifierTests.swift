import Access
import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct TokenVerifierTests {
    let key = SigningKey.generate(at: 1_000)
    let issuer = TokenIssuer(issuer: "https://cg.test", audience: "channelgate", lifetime: 600)
    let now: Int64 = 2_000_000_000

    func verifier(keys: [SigningKey]? = nil) -> TokenVerifier {
        let verifier = TokenVerifier(issuer: "https://cg.test", audience: "channelgate", leeway: 30) { _ in throw CancellationError() }
        verifier.setOwnKeys(keys ?? [key])
        return verifier
    }

    func token(_ change: (inout AccessClaims) -> Void = { _ in }, signedWith signer: SigningKey? = nil) throws -> String {
        var claims = issuer.claims(clientId: "shop-1", tenant: "brand-a", scopes: ["orders:write:shopify", "orders:read"], now: now)
        change(&claims)
        return try issuer.sign(claims, with: signer ?? key)
    }

    @Test func acceptsItsOwnTokenWithTenantAndScopes() async throws {
        let verified = try await verifier().verify(try token(), now: now + 10)
        #expect(verified.clientId == "shop-1")
        #expect(verified.tenant == "brand-a")
        #expect(verified.allows("orders:write:shopify"))
        #expect(!verified.allows("orders:write:tmall"))
        #expect(!verified.allows("admin"))
    }

    @Test(arguments: [
        (TokenError.Reason.expired, Int64(600 + 31)),
        (TokenError.Reason.notYetValid, Int64(-31)),
    ])
    func refusesTokensOutsideTheirLifetimeBeyondTheLeeway(reason: TokenError.Reason, offset: Int64) async throws {
        let text = try token()
        await #expect(throws: TokenError.self) { try await verifier().verify(text, now: now + offset) }
        do {
            _ = try await verifier().verify(text, now: now + offset)
        } catch {
            #expect(error.reason == reason)
        }
        // Inside the leeway the same token passes.
        let inside = offset > 0 ? offset - 2 : offset + 2
        #expect(try await verifier().verify(text, now: now + inside).clientId == "shop-1")
    }

    @Test func refusesWrongAudienceIssuerAndKey() async throws {
        try await expect(.wrongAudience, try token { $0.audience = ["someone-else"] })
        try await expect(.wrongIssuer, try token { $0.issuer = "https://evil.test" })
        try await expect(.unknownKey, try token(signedWith: SigningKey.generate(at: 0)))
    }

    @Test func refusesAForgedSignatureAndTamperedClaims() async throws {
        let text = try token()
        let parts = text.split(separator: ".").map(String.init)
        var claims = try JSONSerialization.jsonObject(with: Data(try #require(Base64URL.decode(parts[1])))) as? [String: Any] ?? [:]
        claims["scope"] = "admin"
        let forgedPayload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        try await expect(.badSignature, parts[0] + "." + forgedPayload + "." + parts[2])
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[5] ^= 0x01
        try await expect(.badSignature, parts[0] + "." + parts[1] + "." + Base64URL.encode(signature))
    }

    @Test func refusesAlgNoneAndAlgorithmConfusion() async throws {
        let parts = try token().split(separator: ".").map(String.init)
        let none = Base64URL.encode(Array(#"{"alg":"none","kid":"\#(key.id)"}"#.utf8))
        try await expect(.unsupportedAlgorithm, none + "." + parts[1] + ".")
        // HS256 keyed with the public key (the classic confusion attack) is not an accepted algorithm.
        let hsHeader = Base64URL.encode(Array(#"{"alg":"HS256","kid":"\#(key.id)"}"#.utf8))
        let publicKey = SymmetricKey(data: key.privateKey.publicKey.x963Representation)
        let mac = HMAC<SHA256>.authenticationCode(for: Array((hsHeader + "." + parts[1]).utf8), using: publicKey)
        try await expect(.unsupportedAlgorithm, hsHeader + "." + parts[1] + "." + Base64URL.encode(Array(mac)))
        // RS256 claimed for an EC key is refused before any verification.
        let rsHeader = Base64URL.encode(Array(#"{"alg":"RS256","kid":"\#(key.id)"}"#.utf8))
        try await expect(.unsupportedAlgorithm, rsHeader + "." + parts[1] + "." + parts[2])
    }

    @Test func malformedTokensAreRefusedNotCrashing() async throws {
        for text in ["", "a.b", "a.b.c.d", "!!.??.**", String(repeating: "a", count: 9000), "e30.e30.", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.AA"] {
            await #expect(throws: TokenError.self) { try await verifier().verify(text, now: now) }
        }
    }

    @Test func keyRotationKeepsAcceptingTheRetiredKeyUntilItIsDropped() async throws {
        let old = try token()
        let newKey = SigningKey.generate(at: 2_000)
        let rotated = verifier(keys: [newKey, key])
        #expect(try await rotated.verify(old, now: now).clientId == "shop-1")
        #expect(try await rotated.verify(try token(signedWith: newKey), now: now).clientId == "shop-1")
        let dropped = verifier(keys: [newKey])
        await #expect(throws: TokenError.self) { try await dropped.verify(old, now: now) }
    }

    @Test func disabledClientsAreRefusedEvenWhenCached() async throws {
        let verifier = verifier()
        let text = try token()
        _ = try await verifier.verify(text, now: now)
        verifier.setDisabledClients(["shop-1"])
        try await expect(.revoked, text, verifier: verifier)
    }

    @Test func identityProviderKeysAreFetchedOnceAndRefetchedForAnUnknownKeyId() async throws {
        let idpKey = SigningKey.generate(at: 0)
        let fetches = Counter()
        let provider = IdentityProvider(issuer: "https://idp.test", jwksURL: "https://idp.test/jwks", audience: "api://cg", tenant: "corp")
        let verifier = TokenVerifier(issuer: "https://cg.test", audience: "channelgate", providers: [provider]) { url in
            #expect(url == "https://idp.test/jwks")
            fetches.increment()
            return Array(JSONWebKeySet.json(for: [idpKey]).utf8)
        }
        let idpIssuer = TokenIssuer(issuer: "https://idp.test", audience: "api://cg", lifetime: 600)
        var claims = idpIssuer.claims(clientId: "erp", tenant: "x", scopes: ["orders:read"], now: now)
        claims.tenant = nil
        let verified = try await verifier.verify(try idpIssuer.sign(claims, with: idpKey), now: now)
        #expect(verified.tenant == "corp")
        claims.tokenId = "second"
        _ = try await verifier.verify(try idpIssuer.sign(claims, with: idpKey), now: now)
        #expect(fetches.value == 1)
        // An unknown key id triggers one refetch, but not a second one within the interval.
        await #expect(throws: TokenError.self) { try await verifier.verify(try idpIssuer.sign(claims, with: SigningKey.generate(at: 0)), now: now + 31) }
        await #expect(throws: TokenError.self) { try await verifier.verify(try idpIssuer.sign(claims, with: SigningKey.generate(at: 0)), now: now + 32) }
        #expect(fetches.value == 2)
    }

    @Test func ownTokensMustBeTypedAsAccessTokens() async throws {
        let claims = issuer.claims(clientId: "shop-1", tenant: "brand-a", scopes: ["orders:read"], now: now)
        try await expect(.wrongType, try issuer.sign(claims, with: key, type: "JWT"))
        try await expect(.wrongType, try issuer.sign(claims, with: key, type: nil))
        // An ID token or a logout token signed by the same key is not an access token either.
        try await expect(.wrongType, try issuer.sign(claims, with: key, type: "logout+jwt"))
    }

    @Test func identityProviderTokensAreCheckedForTypeAndLifetime() async throws {
        let idpKey = SigningKey.generate(at: 0)
        let strict = IdentityProvider(issuer: "https://idp.test", jwksURL: "https://idp.test/jwks", audience: "api://cg", tenant: "corp")
        var lenient = strict
        lenient.acceptedTypes = ["at+jwt", "jwt"]
        lenient.maxLifetimeSeconds = 3600
        func verifier(_ provider: IdentityProvider) -> TokenVerifier {
            TokenVerifier(issuer: "https://cg.test", audience: "channelgate", providers: [provider]) { _ in
                Array(JSONWebKeySet.json(for: [idpKey]).utf8)
            }
        }
        let shortLived = TokenIssuer(issuer: "https://idp.test", audience: "api://cg", lifetime: 1800)
        let claims = shortLived.claims(clientId: "erp", tenant: "corp", scopes: ["orders:read"], now: now)
        let typedJWT = try shortLived.sign(claims, with: idpKey, type: "JWT")
        try await expect(.wrongType, typedJWT, verifier: verifier(strict))
        #expect(try await verifier(lenient).verify(typedJWT, now: now).clientId == "erp")
        #expect(try await verifier(strict).verify(try shortLived.sign(claims, with: idpKey, type: "application/at+jwt"), now: now).clientId == "erp")

        // A token that lives two days is refused by default (one day) and by a provider that allows one hour.
        let longLived = TokenIssuer(issuer: "https://idp.test", audience: "api://cg", lifetime: 2 * 86400)
        let long = try longLived.sign(longLived.claims(clientId: "erp", tenant: "corp", scopes: [], now: now), with: idpKey)
        try await expect(.lifetimeTooLong, long, verifier: verifier(strict))
        // Without iat, the lifetime left from now counts.
        var noIssuedAt = claims
        noIssuedAt.issuedAt = 0
        noIssuedAt.expiresAt = now + 7200
        try await expect(.lifetimeTooLong, try shortLived.sign(noIssuedAt, with: idpKey), verifier: verifier(lenient))
    }

    func expect(_ reason: TokenError.Reason, _ text: String, verifier given: TokenVerifier? = nil) async throws {
        do {
            _ = try await (given ?? verifier()).verify(text, now: now)
            Issue.record("token was accepted; expected \(reason)")
        } catch {
            #expect(error.reason == reason)
        }
    }
}

/// A thread-safe counter for closures the code under test calls.
final class Counter: Sendable {
    private let count = Mutex<Int>(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
