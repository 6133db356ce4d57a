import Foundation

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: some DataProtocol) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) { return text }
        return Array(bytes).withUnsafeBytes { encode($0) }
    }

    /// The unpadded base64url text of the bytes in `input`.
    public static func encode(_ input: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: encodedCount(input.count)) { output in write(input, to: output) }
    }

    /// How many characters the unpadded base64url text of `count` bytes has.
    public static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Writes the unpadded base64url text of `input` to the start of `output`; returns the characters written.
    ///
    /// `output` must hold at least `encodedCount(input.count)` bytes.
    @discardableResult
    public static func write(_ input: UnsafeRawBufferPointer, to output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        alphabet.withUnsafeBufferPointer { table in
            var index = 0
            var written = 0
            func put(_ chunk: UInt32, _ characters: Int) {
                for shift in stride(from: 18, to: 18 - 6 * characters, by: -6) {
                    output[written] = table[Int(chunk >> UInt32(shift) & 63)]
                    written += 1
                }
            }
            while index + 3 <= input.count {
                put(UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]), 4)
                index += 3
            }
            switch input.count - index {
            case 1: put(UInt32(input[index]) << 16, 2)
            case 2: put(UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8, 3)
            default: break
            }
            return written
        }
    }

    /// The bytes of unpadded (or padded) base64url `text`, or nil when it is not base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: values.append(byte - 0x41)
            case 0x61...0x7A: values.append(byte - 0x61 + 26)
            case 0x30...0x39: values.append(byte - 0x30 + 52)
            case 0x2D: values.append(62)
            case 0x5F: values.append(63)
            case 0x3D: continue
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index < values.count {
            let end = min(index + 4, values.count)
            var chunk: UInt32 = 0
            for position in index..<(index + 4) { chunk = chunk << 6 | UInt32(position < end ? values[position] : 0) }
            let produced = end - index - 1
            for shift in [16, 8, 0].prefix(produced) { output.append(UInt8(chunk >> UInt32(shift) & 0xFF)) }
            index += 4
        }
        return output
    }
}
