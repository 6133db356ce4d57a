/// Reads a tenant's holiday calendar from CSV: `label,date,days_before,days_after,lift` with a header line.
///
/// `date` is the holiday's local midnight as ISO 8601 with its offset (`2026-12-25T00:00:00+08:00`); the day
/// counts and `lift` (demand on the day against a normal one when no past year shows it; 0 for closed) may be
/// empty. Blank lines and lines starting with `#` are skipped.
public enum HolidayCalendarCSV {
    /// Largest `days_before` or `days_after` accepted.
    public static let maximumDaysAround = 31

    /// The holidays of `text`; throws ``ForecastInputError`` naming the line at fault.
    public static func parse(_ text: String) throws(ForecastInputError) -> [Holiday] {
        var holidays: [Holiday] = []
        var sawHeader = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if content.allSatisfy(\.isWhitespace) || content.hasPrefix("#") { continue }
            let fields = content.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            if !sawHeader {
                sawHeader = true
                guard fields.first?.lowercased() == "label" else {
                    throw ForecastInputError(line: line, code: .wrongFieldCount, message: "expected the header label,date,days_before,days_after,lift")
                }
                continue
            }
            guard (2...5).contains(fields.count) else {
                throw ForecastInputError(line: line, code: .wrongFieldCount, message: "expected label,date[,days_before,days_after,lift], found \(fields.count) fields")
            }
            guard !fields[0].isEmpty else { throw ForecastInputError(line: line, code: .badValue, message: "label is empty") }
            let dayStart: Int64
            do {
                dayStart = try ISO8601Hour.parse(Substring(fields[1]))
            } catch {
                throw ForecastInputError(line: line, code: .badTimestamp, message: "date '\(fields[1])' is not an ISO 8601 local midnight with an offset")
            }
            let before = try days(fields, 2, "days_before", line)
            let after = try days(fields, 3, "days_after", line)
            var lift: Double?
            if fields.count > 4, !fields[4].isEmpty {
                guard let value = Double(fields[4]), value.isFinite, value >= 0 else {
                    throw ForecastInputError(line: line, code: .badValue, message: "lift '\(fields[4])' is not a number of at least 0")
                }
                lift = value
            }
            holidays.append(Holiday(label: fields[0], dayStart: dayStart, daysBefore: before, daysAfter: after, expectedLift: lift))
        }
        return holidays
    }

    private static func days(_ fields: [String], _ index: Int, _ name: String, _ line: Int) throws(ForecastInputError) -> Int {
        guard fields.count > index, !fields[index].isEmpty else { return 0 }
        guard let value = Int(fields[index]), (0...maximumDaysAround).contains(value) else {
            throw ForecastInputError(line: line, code: .badValue, message: "\(name) '\(fields[index])' is not a whole number from 0 to \(maximumDaysAround)")
        }
        return value
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
