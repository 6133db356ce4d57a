import Crypto
import Foundation

/// Derives stable gateway ids and content keys.
public enum OrderIdentity {
    /// The id derived from a tenant's channel order: the same inputs always give the same id. Orders stored before ids
    /// were time-ordered have it, and so does an order some other order named as its parent before it arrived.
    public static func derivedOrderId(tenant: String, channel: String, channelOrderId: String) -> String {
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

extension OrderIdentity {
    /// Base-32 digits in ASCII order, so that an id's text order is the order of the numbers it spells.
    private static let sortableDigits = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new order id, `ord_` and 26 characters whose text order is creation order (to the millisecond), so the
    /// order and event indexes grow at their end instead of at random leaves.
    public static func newOrderId(at date: Date = Date()) -> String {
        let digits = sortableDigits
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        var text: [UInt8] = Array("ord_".utf8)
        text.reserveCapacity(30)
        // 10 characters of the 48-bit time (50 bits, the top two zero), then 16 of 80 random bits.
        for index in (0..<10).reversed() { text.append(digits[Int((millis >> UInt64(5 * index)) & 31)]) }
        for index in 0..<12 { text.append(digits[Int((random.0 >> UInt64(5 * index)) & 31)]) }
        for index in 0..<4 { text.append(digits[Int((random.1 >> UInt64(5 * index)) & 31)]) }
        return String(decoding: text, as: UTF8.self)
    }

    /// A new event id: a UUID version 7 (time-ordered), so ids are unique and index inserts stay at the end.
    public static func eventId(at date: Date = Date()) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        for index in 6..<16 { bytes[index] = UInt8(truncatingIfNeeded: (index < 14 ? random.0 : random.1) >> (8 * (index % 8))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
