import Foundation

/// Where a channel's pull sync stands: the newest update synced, and the page a round stopped at.
public struct PollerCheckpoint: Sendable, Equatable {
    /// Unix seconds of the newest `updated` time synced so far.
    public var highWater: Int64?
    /// The `updated_after` of the round in progress.
    public var roundSince: Int64?
    /// The page (number, offset, cursor or link) the round in progress continues with; nil when no round is open.
    public var pageToken: String?
    /// Rounds completed.
    public var rounds: Int64

    /// Creates a PollerCheckpoint from its parts.
    public init(highWater: Int64? = nil, roundSince: Int64? = nil, pageToken: String? = nil, rounds: Int64 = 0) {
        self.highWater = highWater
        self.roundSince = roundSince
        self.pageToken = pageToken
        self.rounds = rounds
    }
}
