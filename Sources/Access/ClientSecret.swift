import Crypto
import Foundation

/// Client secrets: generated with 256 bits of entropy, stored only as a salted HMAC-SHA256.
///
/// A slow password hash buys nothing for secrets this random, and keeps token requests fast.
public struct ClientSecret: Sendable, Equatable {
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// Creates a ClientSecret from its parts.
    public init(salt: [UInt8], hash: [UInt8]) {
        self.salt = salt
        self.hash = hash
    }

    /// A new random secret and its stored form.
    public static func generate() -> (secret: String, stored: ClientSecret) {
        let secret = "cgs_" + Base64URL.encode(randomBytes(32))
        return (secret, stored(for: secret, salt: randomBytes(16)))
    }

    /// The stored form of `secret` with `salt`.
    public static func stored(for secret: String, salt: [UInt8]) -> ClientSecret {
        let code = HMAC<SHA256>.authenticationCode(for: Array(secret.utf8), using: SymmetricKey(data: salt))
        return ClientSecret(salt: salt, hash: Array(code))
    }

    /// True when `offered` is the secret this was made from; constant time.
    public func matches(_ offered: String) -> Bool {
        ConstantTime.equal(Self.stored(for: offered, salt: salt).hash, hash)
    }

    /// Cryptographically random bytes.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
