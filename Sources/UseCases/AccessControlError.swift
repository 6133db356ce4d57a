/// Why access control could not do its work (a remote key set unreadable, no signing key loaded); not the caller's fault.
public struct AccessControlError: Error, CustomStringConvertible {
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
