/// A problem in forecast input text, naming the 1-based line it was found on.
public struct ForecastInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem was found.
    public enum Code: String, Sendable, Equatable {
        /// A line without 2 (timestamp,value) or 3 (series,timestamp,value) fields, or unlike the first line.
        case wrongFieldCount = "wrong_field_count"
        /// The timestamp is not ISO 8601 with `Z` or an offset.
        case badTimestamp = "bad_timestamp"
        /// The timestamp has minutes or seconds; series are hourly.
        case notOnTheHour = "not_on_the_hour"
        /// The value is not a finite number.
        case badValue = "bad_value"
        /// The value is below zero.
        case negativeValue = "negative_value"
        /// The hour already appeared for this series.
        case duplicateHour = "duplicate_hour"
        /// The hour is earlier than the previous row's for this series.
        case outOfOrder = "out_of_order"
        /// No data rows at all.
        case emptyInput = "empty_input"
        /// More missing hours between two rows than ``SeriesCSVReader/maximumGapHours``.
        case gapTooLong = "gap_too_long"
    }

    /// 1-based line number in the input (0 when the problem is not tied to a line).
    public let line: Int
    /// Machine-readable kind of problem.
    public let code: Code
    /// Human-readable explanation.
    public let message: String

    /// Creates an error for `line` with a code and a message.
    public init(line: Int, code: Code, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}
