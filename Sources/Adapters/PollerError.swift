/// Why a sync round stopped early; the round resumes from its checkpoint next time.
public struct PollerError: Error, Sendable, CustomStringConvertible {
    public let message: String

    /// Creates a PollerError from its parts.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
