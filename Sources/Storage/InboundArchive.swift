import Foundation

/// Reading the inbound archive: a channel's recent traffic and each channel's recent activity.
public protocol InboundArchive: AnyObject, Sendable {
    /// The newest `limit` messages of `channel` that became events (accepted or replayed), newest first, bodies opened.
    func recentMessages(tenant: String, channel: String, limit: Int) throws(StoreError) -> [ArchivedMessage]

    /// Per channel of `channels`: messages and dead letters received since `since`, and its open dead letters with the
    /// newest one's error; channels with none of these are left out.
    func channelActivity(tenant: String, channels: [String], since: Date) throws(StoreError) -> [ChannelActivity]
}

/// One archived inbound message as it was received.
public struct ArchivedMessage: Sendable, Equatable {
    public var id: Int64
    public var channel: String
    public var messageKey: String
    public var receivedAt: String
    public var contentType: String?
    public var body: [UInt8]

    /// Creates an ArchivedMessage from its parts.
    public init(id: Int64, channel: String, messageKey: String, receivedAt: String, contentType: String?, body: [UInt8]) {
        self.id = id
        self.channel = channel
        self.messageKey = messageKey
        self.receivedAt = receivedAt
        self.contentType = contentType
        self.body = body
    }
}

/// What a channel received lately and what is still open for it.
public struct ChannelActivity: Sendable, Equatable {
    public var channel: String
    /// Messages received in the window, dead letters included.
    public var received: Int64
    /// Of those, the messages kept as dead letters.
    public var deadLettered: Int64
    /// Dead letters of the channel not replayed yet, whenever received.
    public var openDeadLetters: Int64
    /// The newest open dead letter's error code and message, and when it was received.
    public var lastErrorCode: String?
    public var lastErrorMessage: String?
    public var lastErrorAt: String?

    /// Creates a ChannelActivity from its parts.
    public init(
        channel: String, received: Int64 = 0, deadLettered: Int64 = 0, openDeadLetters: Int64 = 0, lastErrorCode: String? = nil,
        lastErrorMessage: String? = nil, lastErrorAt: String? = nil
    ) {
        self.channel = channel
        self.received = received
        self.deadLettered = deadLettered
        self.openDeadLetters = openDeadLetters
        self.lastErrorCode = lastErrorCode
        self.lastErrorMessage = lastErrorMessage
        self.lastErrorAt = lastErrorAt
    }
}
