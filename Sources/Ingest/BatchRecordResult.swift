/// What became of one record of a batch upload.
public struct BatchRecordResult: Sendable {
    /// `accepted` (events committed), `duplicate` (seen before, nothing stored), `dead_lettered`, or `rejected`.
    public enum Status: String, Sendable {
        case accepted
        case duplicate
        /// Valid and stored, but the mapping skips it: no events (a pending order, a cancelled receipt).
        case skipped
        case deadLettered = "dead_lettered"
        case rejected
    }

    /// The record's line number in the batch, from 1.
    public var line: Int
    public let status: Status
    /// The orders the record's events belong to.
    public let orderIds: [String]
    /// The dead letter a dead-lettered record was kept as.
    public let deadLetterId: Int64?
    /// Why a rejected record was not stored.
    public let error: IngestError?
}
