import CanonicalModel

/// Turns one parsed channel message into the canonical events it carries.
public protocol ChannelDecoder: Sendable {
    /// The events in `document`, or a ``PayloadError`` naming the field at fault.
    func decode(_ document: JSONValue) throws(PayloadError) -> DecodedMessage
}

/// The events one channel message yields, with the channel's message id when it sends one.
public struct DecodedMessage: Sendable, Equatable {
    public var messageId: String?
    public var events: [ChannelEvent]
    /// Why the message yields no event although it is valid (a mapping's `skip:` rule), when it yields none.
    public var skipped: String?

    public init(messageId: String?, events: [ChannelEvent], skipped: String? = nil) {
        self.messageId = messageId
        self.events = events
        self.skipped = skipped
    }
}
