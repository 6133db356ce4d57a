import Adapters

/// Where and how changes raised inside ChannelGate are pushed back to one channel.
public struct OutboundDefinition: Sendable {
    public var channel: String
    /// The endpoint; `{channelOrderId}` and `{orderId}` are replaced (percent-encoded).
    public var url: String
    public var method: String = "POST"
    public var authentication: PollerAuthentication = .none
    /// Attempts before an entry is marked failed (visible in `GET /v1/outbox?status=failed`, retryable).
    public var maxAttempts: Int = 10

    /// Creates an OutboundDefinition from its parts.
    public init(channel: String, url: String) {
        self.channel = channel
        self.url = url
    }
}
