/// A network or policy file that cannot be loaded: where (file, line, column) and what is wrong.
public struct RoutingLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as it was named to the loader.
    public let file: String
    /// The 1-based line of the fault (0 when the file could not be read at all).
    public let line: Int
    /// The 1-based column of the fault (0 when unknown).
    public let column: Int
    /// What is wrong, in words.
    public let message: String

    /// Creates an error at a position in a file.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the way compilers report.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
