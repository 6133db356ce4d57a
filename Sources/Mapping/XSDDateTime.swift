import CanonicalModel
import Foundation

/// The strict XML Schema forms, read byte by byte: `2011-08-22`, `2011-08-22Z`, `2013-07-01T05:10:10.5`,
/// `2011-08-22ZT12:00:00`, `2022-02-01T12:30:00+05:00` (zones `Z` or `±hh:mm`; the time's zone wins over the date's).
///
/// Looser forms (`+0500`, spaces, times without seconds) are not read here; ``TimestampFormat`` reads those.
struct XSDDateTime {
    /// Seconds from the epoch of the wall time, as if it were UTC.
    let wallSeconds: Int
    let nanoseconds: Int
    /// The zone offset written in the text, in seconds east of UTC; nil when none was written.
    let offsetSeconds: Int?

    init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ XSDDateTime.read($0) }) else { return nil }
        self = parsed
    }

    private init(wallSeconds: Int, nanoseconds: Int, offsetSeconds: Int?) {
        self.wallSeconds = wallSeconds
        self.nanoseconds = nanoseconds
        self.offsetSeconds = offsetSeconds
    }

    /// The instant named, with `defaultZone` for a text that wrote no zone.
    func instant(defaultZone: TimeZone) -> Date {
        let wall = Date(timeIntervalSince1970: Double(wallSeconds) + Double(nanoseconds) / 1_000_000_000)
        guard let offsetSeconds else { return TimestampFormat.instant(ofWallTime: wall, in: defaultZone) }
        return wall.addingTimeInterval(-Double(offsetSeconds))
    }

    private static func read<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> XSDDateTime? where Bytes.Element == UInt8, Bytes.Index == Int {
        var index = bytes.startIndex
        func number(_ width: Int) -> Int? {
            guard bytes.endIndex - index >= width else { return nil }
            var value = 0
            for position in index..<(index + width) {
                let byte = bytes[position]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        /// A zone at `index`: nil when none is written, .some(nil) when one is written badly.
        func zone() -> Int?? {
            if take("Z") { return .some(0) }
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2), take(":"), let minutes = number(2), hours < 24, minutes < 60 else { return .some(nil) }
            return .some(sign * (hours * 3600 + minutes * 60))
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2) else { return nil }
        var offset: Int?
        switch zone() {
        case .none: break
        case .some(.none): return nil
        case .some(.some(let seconds)): offset = seconds
        }
        var hour = 0, minute = 0, second = 0, nanoseconds = 0
        if take("T") {
            guard let h = number(2), take(":"), let m = number(2), take(":"), let s = number(2) else { return nil }
            (hour, minute, second) = (h, m, s)
            if take(".") {
                var digits = 0
                while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 {
                    if digits < 9 { nanoseconds = nanoseconds * 10 + Int(bytes[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 9)..<9 { nanoseconds *= 10 }
            }
            switch zone() {
            case .none: break
            case .some(.none): return nil
            case .some(.some(let seconds)): offset = seconds
            }
        }
        guard index == bytes.endIndex,
              let wall = Timestamp.secondsSinceEpoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return XSDDateTime(wallSeconds: wall, nanoseconds: nanoseconds, offsetSeconds: offset)
    }
}
