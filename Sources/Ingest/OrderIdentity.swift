import Crypto
import Foundation

/// Derives stable gateway ids and content keys.
public enum OrderIdentity {
    /// The gateway order id for a tenant's channel order: the same inputs always give the same id.
    public static func orderId(tenant: String, channel: String, channelOrderId: String) -> String {
        let digest = SHA256.hash(data: Array("\(tenant)\u{0}\(channel)\u{0}\(channelOrderId)".utf8))
        return "ord_" + base32(Array(digest).prefix(16))
    }

    /// The idempotency key for a message whose channel gives no id: a hash of its bytes.
    public static func contentKey(_ body: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = Array("sha256:".utf8)
        hex.reserveCapacity(7 + 64)
        for byte in SHA256.hash(data: body) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Lower-case RFC 4648 base32 without padding.
    static func base32<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }
}
