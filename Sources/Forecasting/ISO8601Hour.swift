/// Reads and writes ISO 8601 timestamps (`2025-03-01T14:00:00Z`, `+08:00` offsets) as Unix seconds.
public enum ISO8601Hour {
    /// Why a timestamp could not be read.
    public enum ParseFailure: Error, Sendable, Equatable {
        /// Not an ISO 8601 date-time with `Z` or an offset.
        case malformed
        /// A valid date-time with minutes or seconds past the hour.
        case notOnTheHour
    }

    /// Unix seconds of an ISO 8601 date-time that falls exactly on an hour.
    public static func parse(_ text: Substring) throws(ParseFailure) -> Int64 {
        try parse(bytes: ArraySlice(text.utf8))
    }

    /// Unix seconds of an ISO 8601 date-time given as UTF-8 bytes.
    public static func parse(bytes: ArraySlice<UInt8>) throws(ParseFailure) -> Int64 {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip("-"),
              let month = reader.number(digits: 2), reader.skip("-"),
              let day = reader.number(digits: 2), reader.skip("T") || reader.skip(" "),
              let hour = reader.number(digits: 2)
        else { throw .malformed }
        var minute = 0
        var second = 0
        var fractionIsZero = true
        if reader.skip(":") {
            guard let minutes = reader.number(digits: 2) else { throw .malformed }
            minute = minutes
            if reader.skip(":") {
                guard let seconds = reader.number(digits: 2) else { throw .malformed }
                second = seconds
                if reader.skip(".") {
                    guard let nonZero = reader.fractionHasNonZeroDigit() else { throw .malformed }
                    fractionIsZero = !nonZero
                }
            }
        }
        guard let offsetSeconds = reader.offset(), reader.isAtEnd else { throw .malformed }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { throw .malformed }
        guard minute == 0, second == 0, fractionIsZero else { throw .notOnTheHour }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = days * 86_400 + Int64(hour) * 3600
        let utc = local - Int64(offsetSeconds)
        guard utc % 3600 == 0 else { throw .notOnTheHour }
        return utc
    }

    /// `YYYY-MM-DDTHH:00:00Z` for Unix seconds.
    public static func format(_ unixSeconds: Int64) -> String {
        let days = floorDivide(unixSeconds, 86_400)
        let secondsOfDay = unixSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hour = secondsOfDay / 3600
        let minute = (secondsOfDay % 3600) / 60
        let second = secondsOfDay % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (era-based civil calendar arithmetic).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Reads fixed-width digits and punctuation from a timestamp's bytes.
private struct DigitReader {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.endIndex else { return nil }
        var value = 0
        for byte in bytes[position..<(position + digits)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        position += digits
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.endIndex, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// Consumes fraction digits; nil when there are none.
    mutating func fractionHasNonZeroDigit() -> Bool? {
        let start = position
        var nonZero = false
        while position < bytes.endIndex, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            if bytes[position] != 0x30 { nonZero = true }
            position += 1
        }
        return position > start ? nonZero : nil
    }

    /// Offset east of UTC in seconds from `Z`, `±HH:MM` or `±HHMM`.
    mutating func offset() -> Int? {
        if skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let hours = number(digits: 2) else { return nil }
        _ = skip(":")
        guard let minutes = number(digits: 2), hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
