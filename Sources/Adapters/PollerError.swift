/// Why a sync round stopped early; the round resumes from its checkpoint next time.
public struct PollerError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
