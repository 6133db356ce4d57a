import CanonicalModel
import Foundation

/// A date pattern such as `dd/MM/yyyy HH:mm`, `yyyyMMddHHmmss` or `EEE, dd MMM yyyy HH:mm:ss Z`, read without
/// `DateFormatter` (fixed English month and day names, whatever the machine's locale).
///
/// Letters: `yyyy` `yy` year, `MM` `M` month, `MMM` month name, `dd` `d` day, `HH` `H` hour, `hh` `h` hour of a
/// 12-hour clock with `a` (AM/PM), `mm` minute, `ss` second, `S…` fraction, `EEE` day name (read, not checked),
/// `Z` `X` `XXX` `xxx` offset (`+0800`, `+08:00`, `+08`, `Z`). Text in single quotes and any other character
/// stand for themselves.
struct TimestampPattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year(digits: Int)
        case month(digits: Int)
        case monthName
        case day(digits: Int)
        case hour24(digits: Int)
        case hour12(digits: Int)
        case minute
        case second
        case fraction
        case meridiem
        case dayName
        case offset
        case literal(UInt8)
    }

    /// Why a pattern cannot be used, for the mapping's compile error.
    struct Invalid: Error {
        var message: String
    }

    let tokens: [Token]

    /// Compiles `pattern`; unknown letters and a 12-hour clock without `a` are refused.
    init(_ pattern: String) throws(Invalid) {
        let bytes = Array(pattern.utf8)
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let letter = bytes[index]
            var run = 1
            while index + run < bytes.count, bytes[index + run] == letter { run += 1 }
            switch (letter, run) {
            case (UInt8(ascii: "'"), _):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "'") { end += 1 }
                guard end < bytes.count else { throw Invalid(message: "unclosed quote in timestamp pattern \(pattern)") }
                tokens += bytes[(index + 1)..<end].map(Token.literal)
                index = end + 1
                continue
            case (UInt8(ascii: "y"), 4): tokens.append(.year(digits: 4))
            case (UInt8(ascii: "y"), 2): tokens.append(.year(digits: 2))
            case (UInt8(ascii: "M"), 1...2): tokens.append(.month(digits: run))
            case (UInt8(ascii: "M"), 3): tokens.append(.monthName)
            case (UInt8(ascii: "d"), 1...2): tokens.append(.day(digits: run))
            case (UInt8(ascii: "H"), 1...2): tokens.append(.hour24(digits: run))
            case (UInt8(ascii: "h"), 1...2): tokens.append(.hour12(digits: run))
            case (UInt8(ascii: "m"), 2): tokens.append(.minute)
            case (UInt8(ascii: "s"), 2): tokens.append(.second)
            case (UInt8(ascii: "S"), 1...9): tokens.append(.fraction)
            case (UInt8(ascii: "a"), 1): tokens.append(.meridiem)
            case (UInt8(ascii: "E"), 3): tokens.append(.dayName)
            case (UInt8(ascii: "Z"), 1...5), (UInt8(ascii: "X"), 1...3), (UInt8(ascii: "x"), 1...3): tokens.append(.offset)
            default:
                if (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z")) || (letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z")) {
                    let text = String(repeating: Character(UnicodeScalar(letter)), count: run)
                    throw Invalid(message: "\(text) is not a timestamp pattern letter run; use yyyy yy MM M MMM dd d HH H hh h mm ss S a EEE Z XXX, and quote literal text ('T')")
                }
                tokens += Array(repeating: .literal(letter), count: run)
            }
            index += run
        }
        guard tokens.contains(where: { if case .year = $0 { true } else { false } }),
              tokens.contains(where: { switch $0 { case .month, .monthName: true; default: false } }),
              tokens.contains(where: { if case .day = $0 { true } else { false } })
        else { throw Invalid(message: "timestamp pattern \(pattern) needs a year, a month and a day") }
        let twelveHour = tokens.contains { if case .hour12 = $0 { true } else { false } }
        guard twelveHour == tokens.contains(.meridiem) else {
            throw Invalid(message: "timestamp pattern \(pattern): a 12-hour clock (h) goes with a (AM/PM), a 24-hour clock (H) without it")
        }
        self.tokens = tokens
    }

    /// The instant `text` names, with `timeZone` when it carries no offset; nil when it does not fit.
    func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, nanos = 0
        var pm: Bool?
        var offset: Int?
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                value = value * 10 + Int(bytes[index] - 48)
                count += 1
                index += 1
            }
            return count >= minimum ? value : nil
        }
        func word(_ names: [String]) -> Int? {
            for (position, name) in names.enumerated() {
                let candidate = Array(name.utf8)
                guard index + candidate.count <= bytes.count else { continue }
                if zip(bytes[index..<(index + candidate.count)], candidate).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                    index += candidate.count
                    return position
                }
            }
            return nil
        }
        for (position, token) in tokens.enumerated() {
            // A one-letter field takes one or two digits; so does a two-letter one followed by a separator.
            let fixed = position + 1 == tokens.count || { if case .literal = tokens[position + 1] { false } else { true } }()
            switch token {
            case .year(let width):
                guard let value = digits(width, width) else { return nil }
                year = width == 2 ? 2000 + value : value
            case .month(let width):
                guard let value = digits(fixed ? width : 1, 2) else { return nil }
                month = value
            case .monthName:
                guard let value = word(Self.monthNames) else { return nil }
                month = value + 1
            case .day(let width):
                guard let value = digits(fixed ? width : 1, 2) else { return nil }
                day = value
            case .hour24(let width), .hour12(let width):
                guard let value = digits(fixed ? width : 1, 2) else { return nil }
                hour = value
            case .minute:
                guard let value = digits(2, 2) else { return nil }
                minute = value
            case .second:
                guard let value = digits(2, 2) else { return nil }
                second = value
            case .fraction:
                let start = index
                guard let value = digits(1, 9) else { return nil }
                nanos = value
                for _ in (index - start)..<9 { nanos *= 10 }
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            case .meridiem:
                guard let value = word(["AM", "PM"]) else { return nil }
                pm = value == 1
            case .dayName:
                guard word(Self.dayNames) != nil else { return nil }
            case .offset:
                guard let value = Self.offset(bytes, &index) else { return nil }
                offset = value
            case .literal(let byte):
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
            }
        }
        guard index == bytes.count else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        return Self.instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanos: nanos, offset: offset, timeZone: timeZone)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// An offset at `index`: `Z`, `+08`, `+0800`, `+08:00`, or `-…`; seconds east of UTC.
    static func offset(_ bytes: [UInt8], _ index: inout Int) -> Int? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
            return 0
        }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        var cursor = index + 1
        func two() -> Int? {
            guard cursor + 2 <= bytes.count, bytes[cursor] >= 48, bytes[cursor] <= 57, bytes[cursor + 1] >= 48, bytes[cursor + 1] <= 57 else { return nil }
            defer { cursor += 2 }
            return Int(bytes[cursor] - 48) * 10 + Int(bytes[cursor + 1] - 48)
        }
        guard let hours = two(), hours < 24 else { return nil }
        var minutes = 0
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
            cursor += 1
            guard let value = two() else { return nil }
            minutes = value
        } else if let value = two() {
            minutes = value
        }
        guard minutes < 60 else { return nil }
        index = cursor
        return sign * (hours * 3600 + minutes * 60)
    }

    /// The instant of a wall-clock time: at `offset` when the text gave one, else in `timeZone`; nil for impossible dates.
    static func instant(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanos: Int, offset: Int?, timeZone: TimeZone
    ) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 61 else { return nil }
        let wallText = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second)
        guard let wall = Timestamp.parse(wallText)?.addingTimeInterval(Double(nanos) / 1_000_000_000) else { return nil }
        if let offset { return wall.addingTimeInterval(-Double(offset)) }
        // Two passes find the offset in force at that wall time, across daylight-saving changes.
        let firstGuess = wall.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: wall)))
        return wall.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: firstGuess)))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
