/// A page that only says something went wrong (or is not allowed), with the stable code.
public struct MessagePage: Sendable {
    public let title: String
    public let code: String
    public let text: String

    /// Creates a MessagePage from its parts.
    public init(title: String, code: String, text: String) {
        self.title = title
        self.code = code
        self.text = text
    }
}

/// The sign-in form, with the client id typed last time.
public struct SignInPage: Sendable {
    public let clientId: String

    /// Creates a SignInPage from its parts.
    public init(clientId: String) { self.clientId = clientId }
}
