import Access
import Crypto
import Foundation
import Testing

@Suite struct WebhookSignatureTests {
    let secret = Array("hush".utf8)
    let body = Array(#"{"id":820982911946154508}"#.utf8)

    @Test func shopifyBase64HMACOverTheRawBody() throws {
        let signature = WebhookSignature.shopify(secret: secret)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))).base64EncodedString()
        let request = SignedRequest(headers: ["x-shopify-hmac-sha256": mac, "X-Shopify-Webhook-Id": "w-1"], query: [], body: body)
        #expect(try signature.verify(request, now: 0) == "w-1")
        var tampered = request
        tampered.body[3] = 0x31
        #expect(throws: WebhookError.self) { try signature.verify(tampered, now: 0) }
        let unsigned = SignedRequest(headers: [:], query: [], body: body)
        do {
            _ = try signature.verify(unsigned, now: 0)
            Issue.record("unsigned request accepted")
        } catch {
            #expect(error.code == .missingSignature)
            #expect(error.field == "X-Shopify-Hmac-Sha256")
        }
    }

    @Test func hexSignatureWithPrefixAndTimestampWindow() throws {
        let signature = WebhookSignature(
            scheme: .body(header: "X-Signature", prefix: "sha256="), algorithm: .hmacSHA256, encoding: .hex, secret: secret,
            timestampHeader: "X-Timestamp", toleranceSeconds: 300
        )
        let hex = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret)).map { String(format: "%02x", $0) }.joined()
        let request = SignedRequest(headers: ["X-Signature": "sha256=" + hex, "X-Timestamp": "1000"], query: [], body: body)
        _ = try signature.verify(request, now: 1_200)
        do {
            _ = try signature.verify(request, now: 1_400)
            Issue.record("stale request accepted")
        } catch {
            #expect(error.code == .staleTimestamp)
        }
    }

    @Test func taobaoTOPSignedParameters() throws {
        let signature = WebhookSignature.taobaoTOP(secret: secret)
        var query: [(name: String, value: String)] = [
            ("method", "taobao.trade.push"), ("app_key", "12345"), ("timestamp", "2026-11-27 18:00:00"), ("sign_method", "md5"),
        ]
        let text = query.sorted { $0.name < $1.name }.map { $0.name + $0.value }.joined()
        let sign = Insecure.MD5.hash(data: secret + Array(text.utf8) + body + secret).map { String(format: "%02X", $0) }.joined()
        query.append(("sign", sign))
        let sentAt: Int64 = 1_795_773_600  // 2026-11-27 10:00:00 UTC = 18:00 in Shanghai
        #expect(try signature.verify(SignedRequest(headers: [:], query: query, body: body), now: sentAt + 60) == sign)
        #expect(throws: WebhookError.self) { try signature.verify(SignedRequest(headers: [:], query: query, body: body), now: sentAt + 3_600) }
        var changed = query
        changed[1].value = "99999"
        #expect(throws: WebhookError.self) { try signature.verify(SignedRequest(headers: [:], query: changed, body: body), now: sentAt) }
    }

    @Test func replayGuardRefusesASecondSightingInsideTheWindow() {
        let guardian = ReplayGuard()
        #expect(guardian.firstSighting(channel: "shopify", id: "w-1", now: 0, window: 300))
        #expect(!guardian.firstSighting(channel: "shopify", id: "w-1", now: 299, window: 300))
        #expect(guardian.firstSighting(channel: "other", id: "w-1", now: 10, window: 300))
        #expect(guardian.firstSighting(channel: "shopify", id: "w-1", now: 301, window: 300))
        guardian.forget(channel: "shopify", id: "w-1")
        #expect(guardian.firstSighting(channel: "shopify", id: "w-1", now: 302, window: 300))
    }

    @Test func clientSecretsMatchOnlyThemselves() {
        let (secret, stored) = ClientSecret.generate()
        #expect(secret.hasPrefix("cgs_"))
        #expect(stored.matches(secret))
        #expect(!stored.matches(secret + "x"))
        #expect(!stored.matches(""))
        #expect(ClientSecret.generate().secret != secret)
    }
}

@Suite struct PersonalDataCipherTests {
    @Test func sealsWithTheNewestKeyAndOpensWithAnyListedOne() throws {
        let firstLine = PersonalDataCipher.newKeyLine(id: "k1")
        let old = try PersonalDataCipher(keyText: firstLine)
        let sealedText = old.sealText("Wang Fang")
        let sealedBlob = try old.seal(Array("13800138000".utf8))
        #expect(!sealedText.contains("Wang"))
        #expect(sealedText.hasPrefix("enc:v1:k1:"))
        #expect(!String(decoding: sealedBlob, as: UTF8.self).contains("13800138000"))
        #expect(old.openText(sealedText) == "Wang Fang")
        // Rotation: a new key first, the old one kept for reading.
        let rotated = try PersonalDataCipher(keyText: "# rotated\n" + PersonalDataCipher.newKeyLine(id: "k2") + "\n" + firstLine + "\n")
        #expect(rotated.openText(sealedText) == "Wang Fang")
        #expect(try rotated.open(sealedBlob) == Array("13800138000".utf8))
        #expect(rotated.sealText("x").hasPrefix("enc:v1:k2:"))
        // Without the old key the old values cannot be read, and tampering is detected.
        let stranger = try PersonalDataCipher(keyText: PersonalDataCipher.newKeyLine(id: "k1"))
        #expect(stranger.openText(sealedText) == nil)
        #expect(throws: (any Error).self) { try stranger.open(sealedBlob) }
        var tampered = sealedBlob
        tampered[tampered.count - 1] ^= 1
        #expect(throws: (any Error).self) { try old.open(tampered) }
        // Bytes stored before encryption come back unchanged.
        #expect(try old.open(Array("plain".utf8)) == Array("plain".utf8))
    }

    @Test func everySealUsesAFreshNonceAndRoundTrips() throws {
        let line = PersonalDataCipher.newKeyLine(id: "k1")
        let cipher = try PersonalDataCipher(keyText: line)
        let other = try PersonalDataCipher(keyText: line)
        var nonces = Set<[UInt8]>()
        for index in 0..<5000 {
            let text = index % 2 == 0 ? "Li Lei" : "李雷 \(index)"
            let sealed = index % 3 == 0 ? other.sealText(text) : cipher.sealText(text)
            #expect(cipher.openText(sealed) == text)
            let box = try #require(Base64URL.decode(sealed.dropFirst("enc:v1:k1:".count)))
            nonces.insert(Array(box.prefix(12)))
        }
        // Two ciphers over the same key draw their own nonce bases, so neither repeats the other's nonces.
        #expect(nonces.count == 5000)
        let blobs = try (0..<100).map { _ in try cipher.seal(Array("same".utf8)) }
        #expect(Set(blobs).count == 100)
        #expect(try blobs.allSatisfy { try cipher.open($0) == Array("same".utf8) })
    }

    @Test func base64URLMatchesFoundationForEveryLength() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }

    @Test func refusesBadKeyMaterial() {
        #expect(throws: (any Error).self) { try PersonalDataCipher(keyText: "") }
        #expect(throws: (any Error).self) { try PersonalDataCipher(keyText: "k1 c2hvcnQ=") }
        #expect(throws: (any Error).self) { try PersonalDataCipher(keyText: "just-one-field") }
    }
}
