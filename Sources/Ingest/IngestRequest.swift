import Foundation

/// One inbound channel message as the edge received it.
public struct IngestRequest: Sendable {
    public var tenant: String
    public var channel: String
    public var contentType: String?
    /// The sender's idempotency key (`Idempotency-Key` or `X-Message-Id`), if it sent one.
    public var messageIdHeader: String?
    /// Headers worth archiving with the message, lower-cased names.
    public var headers: [String: String]
    public var body: [UInt8]
    public var receivedAt: Date

    public init(
        tenant: String, channel: String, contentType: String?, messageIdHeader: String? = nil,
        headers: [String: String] = [:], body: [UInt8], receivedAt: Date = Date()
    ) {
        self.tenant = tenant
        self.channel = channel
        self.contentType = contentType
        self.messageIdHeader = messageIdHeader
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }
}
