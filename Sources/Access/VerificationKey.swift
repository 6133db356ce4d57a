import Crypto
import CryptoExtras
import Foundation

/// A public key that verifies one JWS algorithm; the algorithm is fixed by the key, never by the token.
public enum VerificationKey: Sendable {
    case es256(P256.Signing.PublicKey)
    case rs256(_RSA.Signing.PublicKey)

    /// The only `alg` header value this key verifies.
    public var algorithm: String {
        switch self {
        case .es256: "ES256"
        case .rs256: "RS256"
        }
    }

    /// True when `signature` is this key's signature over `input`.
    public func verifies(_ signature: [UInt8], over input: [UInt8]) -> Bool {
        switch self {
        case .es256(let key):
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        case .rs256(let key):
            let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
            return key.isValidSignature(parsed, for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        }
    }
}
