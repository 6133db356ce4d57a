import CanonicalModel
import Foundation

/// How a channel writes timestamps, and in which time zone when the text carries none.
struct TimestampFormat: Sendable {
    enum Kind: Sendable {
        /// RFC 3339 / ISO 8601; without an offset the mapping's time zone applies.
        case iso8601
        case unixSeconds
        case unixMilliseconds
        /// `yyyy-MM-dd HH:mm:ss` (also `yyyy/MM/dd HH:mm:ss`) in the mapping's time zone.
        case localDateTime
        /// RFC 2822 / RFC 1123: `Tue, 05 Mar 2019 21:40:11 +0000`.
        case rfc2822
        /// A date pattern such as `dd/MM/yyyy HH:mm`.
        case pattern(TimestampPattern)
        /// XML Schema `date` with an optional zone, optionally followed by `T` and an `xs:time` with an optional zone
        /// (UBL's IssueDate and IssueTime joined by `T`): the time's zone wins, then the date's, then ``timeZone``.
        case xsd
    }

    let kind: Kind
    let timeZone: TimeZone

    /// The instant `text` names, or nil when it does not fit the format.
    func parse(_ text: String) -> Date? {
        guard let date = unbounded(text), Self.range.contains(date.timeIntervalSince1970) else { return nil }
        return date
    }

    /// Years 1 to 9999: anything outside is a broken value, not a date.
    static let range: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    private func unbounded(_ text: String) -> Date? {
        let trimmed = text.trimmingASCIIWhitespace
        switch kind {
        case .unixSeconds:
            guard let seconds = Int64(trimmed) else { return nil }
            return Date(timeIntervalSince1970: Double(seconds))
        case .unixMilliseconds:
            guard let millis = Int64(trimmed) else { return nil }
            return Date(timeIntervalSince1970: Double(millis) / 1000)
        case .iso8601:
            if let date = Timestamp.parse(trimmed) { return date }
            return Self.isoVariant(trimmed) ?? local(trimmed)
        case .localDateTime:
            return local(trimmed)
        case .rfc2822:
            return RFC2822Date.parse(trimmed)
        case .pattern(let pattern):
            return pattern.parse(trimmed, timeZone: timeZone)
        case .xsd:
            return XSDDateTime(trimmed).map { $0.instant(defaultZone: timeZone) } ?? xsd(trimmed)
        }
    }

    /// `2011-08-22`, `2011-08-22Z`, `2013-07-01T05:10:10`, `2011-08-22ZT12:00:00`, `2022-02-01T12:30:00+05:00`.
    private func xsd(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        let day = String(decoding: bytes[0..<10], as: UTF8.self)
        let rest = bytes[10...]
        let timeStart = rest.firstIndex(of: UInt8(ascii: "T"))
        let dateZone = String(decoding: rest[..<(timeStart ?? rest.endIndex)], as: UTF8.self).trimmingASCIIWhitespace
        var time = timeStart.map { String(decoding: rest[($0 + 1)...], as: UTF8.self).trimmingASCIIWhitespace } ?? "00:00:00"
        var zone = dateZone
        if let timeZoneStart = Self.zoneStart(in: time) {
            zone = String(time[timeZoneStart...])
            time = String(time[..<timeZoneStart])
        }
        guard zone.isEmpty || Self.zoneStart(in: zone) == zone.startIndex else { return nil }
        let joined = day + "T" + time
        return zone.isEmpty ? local(joined) : Timestamp.parse(joined + zone) ?? Self.isoVariant(joined + zone)
    }

    /// Where a trailing `Z`, `+hh:mm`, `+hhmm` or `+hh` zone starts in `text`.
    private static func zoneStart(in text: String) -> String.Index? {
        if text.hasSuffix("Z") { return text.index(before: text.endIndex) }
        guard let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return nil }
        let zone = text[text.index(after: sign)...]
        let digits = zone.filter(\.isNumber).count
        guard [2, 4].contains(digits), zone.allSatisfy({ $0.isNumber || $0 == ":" }) else { return nil }
        // A date's own hyphens are not a zone: one must follow a time or stand alone.
        let before = text[..<sign]
        guard before.isEmpty || before.last?.isNumber == true && before.contains(":") else { return nil }
        return sign
    }

    /// ISO 8601 forms RFC 3339 leaves out: offsets `+0800` and `+08`, and times without seconds.
    private static func isoVariant(_ text: String) -> Date? {
        for pattern in isoVariants {
            if let date = pattern.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) { return date }
        }
        return nil
    }

    private static let isoVariants: [TimestampPattern] = [
        "yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd'T'HH:mm:ss.SXXX", "yyyy-MM-dd'T'HH:mmXXX",
        "yyyy-MM-dd HH:mm:ssXXX", "yyyy-MM-dd HH:mm:ss.SXXX", "yyyy-MM-dd HH:mmXXX",
    ].compactMap { try? TimestampPattern($0) }

    /// `yyyy-MM-ddTHH:mm:ss[.fff]` or with a space or slashes, read as wall time in ``timeZone``.
    private func local(_ text: String) -> Date? {
        var normalised = text.replacingOccurrences(of: "/", with: "-")
        if normalised.count == 10 { normalised += " 00:00:00" }
        guard let wall = Timestamp.parse(normalised + "Z") else { return nil }
        return Self.instant(ofWallTime: wall, in: timeZone)
    }

    /// The instant at which clocks in `zone` show `wall` (a wall time written as if it were UTC).
    static func instant(ofWallTime wall: Date, in zone: TimeZone) -> Date {
        // Two passes find the offset in force at that wall time, across daylight-saving changes.
        let firstGuess = wall.addingTimeInterval(-Double(zone.secondsFromGMT(for: wall)))
        return wall.addingTimeInterval(-Double(zone.secondsFromGMT(for: firstGuess)))
    }
}
