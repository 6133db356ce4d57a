import Crypto
import Foundation

/// One of ChannelGate's ES256 token-signing keys with its key id.
public struct SigningKey: Sendable {
    public let id: String
    public let privateKey: P256.Signing.PrivateKey
    /// When the key started signing (Unix seconds).
    public let createdAt: Int64
    /// When a newer key replaced it (Unix seconds); it still verifies tokens until they expire.
    public var retiredAt: Int64?

    /// A key restored from its stored raw private scalar.
    public init(id: String, rawPrivateKey: [UInt8], createdAt: Int64, retiredAt: Int64?) throws {
        self.id = id
        privateKey = try P256.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }

    /// A fresh random key whose id is derived from its public key.
    public static func generate(at time: Int64) -> SigningKey {
        let key = P256.Signing.PrivateKey()
        let digest = Array(SHA256.hash(data: key.publicKey.x963Representation))
        return SigningKey(id: Base64URL.encode(digest[0..<12]), key: key, createdAt: time)
    }

    private init(id: String, key: P256.Signing.PrivateKey, createdAt: Int64) {
        self.id = id
        privateKey = key
        self.createdAt = createdAt
        retiredAt = nil
    }

    /// The raw private scalar for storage.
    public var rawPrivateKey: [UInt8] { Array(privateKey.rawRepresentation) }

    /// The verification side of this key.
    public var verificationKey: VerificationKey { .es256(privateKey.publicKey) }
}
