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
        }
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
        // Two passes find the offset in force at that wall time, across daylight-saving changes.
        let firstGuess = wall.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: wall)))
        return wall.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: firstGuess)))
    }
}
