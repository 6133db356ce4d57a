/// What became of one record of a batch upload.
public struct BatchRecordResult: Sendable, Equatable {
    /// `accepted` (events committed), `duplicate` (seen before, nothing stored), `dead_lettered`, or `rejected`.
    public enum Status: String, Sendable {
        case accepted
        case duplicate
        case deadLettered = "dead_lettered"
        case rejected
    }

    /// The record's line number in the batch, from 1.
    public let line: Int
    public let status: Status
    /// The orders the record's events belong to.
    public let orderIds: [String]
    /// The error of a rejected or dead-lettered record.
    public let code: String?
    public let message: String?
    public let field: String?
}
