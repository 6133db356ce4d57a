/// A mapping file that cannot be loaded: where (file, line, column) and what is wrong.
public struct MappingError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the way compilers report.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Where a rule sits in its mapping file, for apply-time errors.
struct RuleLocation: Sendable, Equatable, CustomStringConvertible {
    let file: String
    let line: Int
    let column: Int

    var description: String { "\(file):\(line):\(column)" }
}
