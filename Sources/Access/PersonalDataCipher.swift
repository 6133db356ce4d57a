import Crypto
import Foundation
import Synchronization

/// AES-256-GCM encryption of personal data at rest, with the key id stored beside every ciphertext so keys can rotate.
///
/// Blobs are `CGE1`, the key id's length, the key id, then GCM's nonce‖ciphertext‖tag; texts are
/// `enc:v1:<key id>:<base64url of the same sealed box>`. The first key seals; every listed key opens.
///
/// Nonces are a random 96-bit base, drawn once per cipher, with a 64-bit counter XORed into its last 8 bytes: unique
/// for every seal of this cipher, and with no system call per seal.
public final class PersonalDataCipher: Sendable {
    private let currentId: String
    private let keys: [String: SymmetricKey]
    private let currentKey: SymmetricKey
    /// `CGE1`, the current key id's length and the id: what every sealed blob starts with.
    private let blobPrefix: [UInt8]
    /// `enc:v1:<current key id>:`: what every sealed text starts with.
    private let textPrefixBytes: [UInt8]
    private let nonceHigh: UInt32
    private let nonceLow: UInt64
    private let sealCount = Atomic<UInt64>(0)
    private static let blobMagic: [UInt8] = Array("CGE1".utf8)
    private static let textPrefix = "enc:v1:"

    /// Why the key material could not be used.
    public struct KeyError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Keys in order of preference: the first seals, all open. Each is 32 bytes; ids are 1-32 letters, digits, - or _.
    public init(keys: [(id: String, bytes: [UInt8])]) throws {
        guard let first = keys.first else { throw KeyError(description: "no personal-data key") }
        for key in keys {
            guard key.bytes.count == 32 else { throw KeyError(description: "personal-data key \(key.id) is not 32 bytes") }
            guard !key.id.isEmpty, key.id.utf8.count <= 32, key.id.utf8.allSatisfy({ $0 != 0x3A && $0 > 0x20 && $0 < 0x7F }) else {
                throw KeyError(description: "personal-data key id \(key.id) must be 1-32 visible characters without ':'")
            }
        }
        currentId = first.id
        self.keys = Dictionary(keys.map { ($0.id, SymmetricKey(data: $0.bytes)) }, uniquingKeysWith: { first, _ in first })
        currentKey = SymmetricKey(data: first.bytes)
        blobPrefix = Self.blobMagic + [UInt8(first.id.utf8.count)] + Array(first.id.utf8)
        textPrefixBytes = Array((Self.textPrefix + first.id + ":").utf8)
        var generator = SystemRandomNumberGenerator()
        nonceHigh = generator.next()
        nonceLow = generator.next()
    }

    /// Keys from text: one `<id> <base64 key>` per line, newest first; `#` starts a comment.
    public convenience init(keyText: String) throws {
        var keys: [(id: String, bytes: [UInt8])] = []
        for (number, line) in keyText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let bytes = Data(base64Encoded: String(parts[1])) else {
                throw KeyError(description: "line \(number + 1): expected '<key id> <base64 of 32 bytes>'")
            }
            keys.append((String(parts[0]), Array(bytes)))
        }
        try self.init(keys: keys)
    }

    /// A key-file line for a fresh random key named `id`.
    public static func newKeyLine(id: String) -> String {
        id + " " + Data(ClientSecret.randomBytes(32)).base64EncodedString()
    }

    /// The id of the key that seals.
    public var currentKeyId: String { currentId }

    /// `bytes` sealed with the current key.
    public func seal(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let combined = try AES.GCM.seal(bytes, using: currentKey, nonce: nextNonce()).combined else {
            throw KeyError(description: "cannot seal with key \(currentId)")
        }
        var blob = blobPrefix
        blob.reserveCapacity(blobPrefix.count + combined.count)
        blob.append(contentsOf: combined)
        return blob
    }

    /// The next nonce: the base with this seal's number XORed into its last 8 bytes.
    private func nextNonce() -> AES.GCM.Nonce {
        let number = sealCount.wrappingAdd(1, ordering: .relaxed).newValue
        let low = nonceLow ^ number
        // Three UInt32s lie in 12 contiguous bytes (a UInt32 beside a UInt64 would leave padding between them).
        let nonceBytes = (nonceHigh.bigEndian, UInt32(truncatingIfNeeded: low >> 32).bigEndian, UInt32(truncatingIfNeeded: low).bigEndian)
        return withUnsafeBytes(of: nonceBytes) { raw in
            // 12 bytes is GCM's standard nonce size, so this cannot fail; a random nonce is the fallback all the same.
            (try? AES.GCM.Nonce(data: UnsafeRawBufferPointer(rebasing: raw[0..<12]))) ?? AES.GCM.Nonce()
        }
    }

    /// The plaintext of a sealed blob; bytes without the `CGE1` mark (stored before encryption) come back unchanged.
    public func open(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count > 5, Array(bytes[0..<4]) == Self.blobMagic else { return bytes }
        let idLength = Int(bytes[4])
        guard bytes.count > 5 + idLength else { throw KeyError(description: "sealed blob is truncated") }
        let id = String(decoding: bytes[5..<(5 + idLength)], as: UTF8.self)
        guard let key = keys[id] else { throw KeyError(description: "no personal-data key \(id) to open this blob") }
        let box = try AES.GCM.SealedBox(combined: bytes[(5 + idLength)...])
        return Array(try AES.GCM.open(box, using: key))
    }

    /// The id of the key that sealed `bytes`, or nil when they are not a sealed blob.
    public static func keyId(ofBlob bytes: [UInt8]) -> String? {
        guard bytes.count > 5, Array(bytes[0..<4]) == blobMagic, bytes.count > 5 + Int(bytes[4]) else { return nil }
        return String(decoding: bytes[5..<(5 + Int(bytes[4]))], as: UTF8.self)
    }

    /// `text` sealed with the current key, as `enc:v1:<key id>:<base64url>`.
    public func sealText(_ text: String) -> String {
        var text = text
        let sealed = text.withUTF8 { plain in try? AES.GCM.seal(UnsafeRawBufferPointer(plain), using: currentKey, nonce: nextNonce()).combined }
        guard let combined = sealed else { return "***" }
        let prefix = textPrefixBytes
        return combined.withUnsafeBytes { box in
            String(unsafeUninitializedCapacity: prefix.count + Base64URL.encodedCount(box.count)) { output in
                _ = output.initialize(from: prefix)
                let rest = UnsafeMutableBufferPointer(rebasing: output[prefix.count...])
                return prefix.count + Base64URL.write(box, to: rest)
            }
        }
    }

    /// The plaintext of a sealed text, or nil when it is not sealed text or no key opens it.
    public func openText(_ text: String) -> String? {
        guard Self.isSealed(text) else { return nil }
        let rest = text.dropFirst(Self.textPrefix.count)
        guard let colon = rest.firstIndex(of: ":"), let key = keys[String(rest[..<colon])],
              let combined = Base64URL.decode(rest[rest.index(after: colon)...]),
              let box = try? AES.GCM.SealedBox(combined: combined), let plain = try? AES.GCM.open(box, using: key)
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// True when `text` is a sealed text.
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(textPrefix) }
}
