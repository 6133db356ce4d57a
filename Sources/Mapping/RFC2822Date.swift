import Foundation

/// RFC 2822 / RFC 1123 dates as mail, HTTP and many REST APIs write them: `Tue, 05 Mar 2019 21:40:11 +0000`,
/// `5 Mar 2019 21:40 GMT`, `Tue, 05 Mar 2019 13:40:11 PST (Pacific)`. English names, any letter case.
enum RFC2822Date {
    /// The instant `text` names, or nil when it is not such a date.
    static func parse(_ text: String) -> Date? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // A trailing comment such as "(UTC)" says nothing the zone did not.
        while let last = words.last, last.hasPrefix("(") || last.hasSuffix(")") { words.removeLast() }
        guard var first = words.first else { return nil }
        if first.hasSuffix(",") || TimestampPattern.dayNames.contains(where: { $0.caseInsensitiveCompare(first.trimmingCharacters(in: [","])) == .orderedSame }) {
            first = first.trimmingCharacters(in: [","])
            guard TimestampPattern.dayNames.contains(where: { $0.caseInsensitiveCompare(first) == .orderedSame }) else { return nil }
            words.removeFirst()
        }
        guard words.count == 5 || words.count == 4,
              let day = Int(words[0]), words[0].count <= 2,
              let monthIndex = TimestampPattern.monthNames.firstIndex(where: { $0.caseInsensitiveCompare(words[1]) == .orderedSame }),
              let year = Int(words[2]), words[2].count == 4 || words[2].count == 2
        else { return nil }
        let clock = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1])
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second else { return nil }
        // RFC 2822 requires a zone; one without is read as UTC (RFC 2822's "-0000": no information).
        let offset = words.count == 5 ? zone(words[4]) : 0
        guard let offset else { return nil }
        let fullYear = words[2].count == 2 ? (year < 50 ? 2000 + year : 1900 + year) : year
        return TimestampPattern.instant(
            year: fullYear, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second, nanos: 0, offset: offset,
            timeZone: TimeZone(identifier: "UTC") ?? .current
        )
    }

    /// Seconds east of UTC for `+hhmm`, `-hh:mm` or a zone name of RFC 2822 (UT, GMT, Z, EST … PDT).
    static func zone(_ text: String) -> Int? {
        let named: [String: Int] = [
            "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        ]
        if let hours = named[text.uppercased()] { return hours * 3600 }
        let bytes = Array(text.utf8)
        var index = 0
        guard let offset = TimestampPattern.offset(bytes, &index), index == bytes.count else { return nil }
        return offset
    }
}
