import Foundation

/// Reads hourly series from CSV: `timestamp,value` or `series,timestamp,value`, optional header line.
///
/// Missing hours between two rows become `nan` (gaps); an empty value field is a missing hour too.
public enum SeriesCSVReader {
    /// Longest run of missing hours accepted between two rows of one series (one leap year).
    public static let maximumGapHours = 8784

    /// Reads every series in the CSV text, in order of first appearance.
    public static func read(text: String) throws(ForecastInputError) -> [NamedHourlySeries] {
        try read(bytes: Array(text.utf8))
    }

    /// Reads every series in UTF-8 CSV bytes, in order of first appearance.
    public static func read(bytes: [UInt8]) throws(ForecastInputError) -> [NamedHourlySeries] {
        var builders: [SeriesBuilder] = []
        var indexByName: [String: Int] = [:]
        var expectedFields: Int?
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let nextLine = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { lineStart = nextLine }
            guard lineEnd > lineStart else { continue }
            let fields = splitFields(bytes[lineStart..<lineEnd])
            if lineNumber == 1, isHeader(fields) {
                expectedFields = fields.count
                continue
            }
            let fieldCount = expectedFields ?? fields.count
            guard fields.count == fieldCount, fieldCount == 2 || fieldCount == 3 else {
                throw ForecastInputError(
                    line: lineNumber, code: .wrongFieldCount,
                    message: "expected \(expectedFields.map(String.init) ?? "2 or 3") fields (timestamp,value or series,timestamp,value), found \(fields.count)"
                )
            }
            expectedFields = fieldCount
            let name = fieldCount == 3 ? String(decoding: fields[0], as: UTF8.self) : ""
            let hour = try parseHour(fields[fieldCount - 2], line: lineNumber)
            let value = try parseValue(fields[fieldCount - 1], line: lineNumber)
            if let index = indexByName[name] {
                try builders[index].append(hour: hour, value: value, line: lineNumber)
            } else {
                indexByName[name] = builders.count
                builders.append(SeriesBuilder(name: name, startHour: hour, firstValue: value))
            }
        }
        guard !builders.isEmpty else {
            throw ForecastInputError(line: 0, code: .emptyInput, message: "no data rows")
        }
        return builders.map { NamedHourlySeries(name: $0.name, series: HourlySeries(startHour: $0.startHour, values: $0.values)) }
    }

    private static func splitFields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var fields: [ArraySlice<UInt8>] = []
        var start = line.startIndex
        for index in line.indices where line[index] == 0x2C {
            fields.append(trimmed(line[start..<index]))
            start = index + 1
        }
        fields.append(trimmed(line[start..<line.endIndex]))
        return fields
    }

    private static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = field.startIndex
        var upper = field.endIndex
        while lower < upper, field[lower] == 0x20 || field[lower] == 0x09 || field[lower] == 0x22 { lower += 1 }
        while upper > lower, field[upper - 1] == 0x20 || field[upper - 1] == 0x09 || field[upper - 1] == 0x22 { upper -= 1 }
        return field[lower..<upper]
    }

    /// A first line whose last field is not a number and whose timestamp does not parse is a header.
    private static func isHeader(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard let last = fields.last, fields.count >= 2 else { return false }
        let timestampField = fields[fields.count - 2]
        let timestampParses = (try? ISO8601Hour.parse(bytes: timestampField)) != nil
        return !timestampParses && DecimalField.parse(last) == nil && !last.isEmpty
    }

    private static func parseHour(_ field: ArraySlice<UInt8>, line: Int) throws(ForecastInputError) -> Int64 {
        do {
            return try ISO8601Hour.parse(bytes: field)
        } catch .notOnTheHour {
            throw ForecastInputError(
                line: line, code: .notOnTheHour,
                message: "timestamp '\(String(decoding: field, as: UTF8.self))' is not on the hour (series are hourly)"
            )
        } catch {
            throw ForecastInputError(
                line: line, code: .badTimestamp,
                message: "'\(String(decoding: field, as: UTF8.self))' is not an ISO 8601 timestamp like 2025-03-01T14:00:00Z"
            )
        }
    }

    private static func parseValue(_ field: ArraySlice<UInt8>, line: Int) throws(ForecastInputError) -> Double {
        if field.isEmpty { return .nan }
        guard let value = DecimalField.parse(field) else {
            throw ForecastInputError(
                line: line, code: .badValue, message: "value '\(String(decoding: field, as: UTF8.self))' is not a finite number"
            )
        }
        guard value >= 0 else {
            throw ForecastInputError(line: line, code: .negativeValue, message: "value \(value) is negative; demand cannot be")
        }
        return value
    }
}

/// Values of one series collected row by row, gaps filled with `nan`.
private struct SeriesBuilder {
    let name: String
    let startHour: Int64
    var values: [Double]

    init(name: String, startHour: Int64, firstValue: Double) {
        self.name = name
        self.startHour = startHour
        self.values = [firstValue]
    }

    mutating func append(hour: Int64, value: Double, line: Int) throws(ForecastInputError) {
        let lastHour = startHour + Int64(values.count - 1) * HourlySeries.secondsPerHour
        let label = name.isEmpty ? "" : " of series '\(name)'"
        guard hour != lastHour else {
            throw ForecastInputError(line: line, code: .duplicateHour, message: "hour \(ISO8601Hour.format(hour)) appears twice\(label)")
        }
        guard hour > lastHour else {
            throw ForecastInputError(
                line: line, code: .outOfOrder,
                message: "hour \(ISO8601Hour.format(hour)) comes before the previous row's \(ISO8601Hour.format(lastHour))\(label)"
            )
        }
        let missing = Int((hour - lastHour) / HourlySeries.secondsPerHour) - 1
        guard missing <= SeriesCSVReader.maximumGapHours else {
            throw ForecastInputError(
                line: line, code: .gapTooLong,
                message: "\(missing) missing hours before \(ISO8601Hour.format(hour))\(label); at most \(SeriesCSVReader.maximumGapHours) accepted"
            )
        }
        if missing > 0 { values.append(contentsOf: repeatElement(.nan, count: missing)) }
        values.append(value)
    }
}

/// Parses a plain decimal number (`123`, `4.5`, `1e3`) from bytes; nil if not a finite number.
enum DecimalField {
    static func parse(_ field: ArraySlice<UInt8>) -> Double? {
        var integer: UInt64 = 0
        var digits = 0
        var plain = true
        for byte in field {
            guard byte >= 0x30, byte <= 0x39, digits < 18 else {
                plain = false
                break
            }
            integer = integer * 10 + UInt64(byte - 0x30)
            digits += 1
        }
        if plain, digits > 0 { return Double(integer) }
        guard let value = Double(String(decoding: field, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
