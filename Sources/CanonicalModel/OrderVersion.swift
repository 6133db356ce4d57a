import Foundation

/// The channel's notion of how new a change is: its sequence number, else its update time.
public struct OrderVersion: Sendable, Equatable {
    public var channelSequence: Int64?
    public var channelUpdatedAt: Date?

    public init(channelSequence: Int64?, channelUpdatedAt: Date?) {
        self.channelSequence = channelSequence
        self.channelUpdatedAt = channelUpdatedAt
    }

    /// True when this version is strictly older than `stored`: by sequence when both have one, else by update time.
    public func isOlder(than stored: OrderVersion) -> Bool {
        if let mine = channelSequence, let theirs = stored.channelSequence { return mine < theirs }
        if let mine = channelUpdatedAt, let theirs = stored.channelUpdatedAt { return mine < theirs }
        return false
    }

    /// The newer of two versions, field by field.
    public func merged(with other: OrderVersion) -> OrderVersion {
        OrderVersion(
            channelSequence: [channelSequence, other.channelSequence].compactMap { $0 }.max(),
            channelUpdatedAt: [channelUpdatedAt, other.channelUpdatedAt].compactMap { $0 }.max()
        )
    }
}
