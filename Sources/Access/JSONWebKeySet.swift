import Crypto
import CryptoExtras
import Foundation

/// A JWK Set (RFC 7517): the verification keys an issuer publishes, by key id.
public struct JSONWebKeySet: Sendable {
    public let keys: [String: VerificationKey]

    /// Creates a JSONWebKeySet from its parts.
    public init(keys: [String: VerificationKey]) {
        self.keys = keys
    }

    /// Parses a JWKS document, keeping EC P-256 and RSA (≥ 2048 bit) signing keys that have a key id.
    public init(parsing bytes: [UInt8]) throws(TokenError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let entries = object["keys"] as? [[String: Any]]
        else { throw TokenError(.malformed, "JWKS document has no keys array") }
        var keys: [String: VerificationKey] = [:]
        for entry in entries {
            guard let kid = entry["kid"] as? String, (entry["use"] as? String ?? "sig") == "sig" else { continue }
            switch entry["kty"] as? String {
            case "EC":
                guard entry["crv"] as? String == "P-256", let x = (entry["x"] as? String).flatMap(Base64URL.decode),
                      let y = (entry["y"] as? String).flatMap(Base64URL.decode), x.count == 32, y.count == 32,
                      let key = try? P256.Signing.PublicKey(x963Representation: [0x04] + x + y)
                else { continue }
                keys[kid] = .es256(key)
            case "RSA":
                guard let n = (entry["n"] as? String).flatMap(Base64URL.decode), let e = (entry["e"] as? String).flatMap(Base64URL.decode),
                      let key = try? _RSA.Signing.PublicKey(n: n, e: e)
                else { continue }
                keys[kid] = .rs256(key)
            default:
                continue
            }
        }
        self.keys = keys
    }

    /// The JWKS JSON for ChannelGate's own ES256 keys.
    public static func json(for keys: [SigningKey]) -> String {
        let entries = keys.map { key in
            let point = Array(key.privateKey.publicKey.x963Representation)
            let x = Base64URL.encode(point[1..<33])
            let y = Base64URL.encode(point[33..<65])
            return #"{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(y)","kid":"\#(key.id)","alg":"ES256","use":"sig"}"#
        }
        return #"{"keys":["# + entries.joined(separator: ",") + "]}"
    }
}
