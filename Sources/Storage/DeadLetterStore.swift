import CanonicalModel
import Foundation

/// Messages that could not become events, kept whole with their error until a replay succeeds.
public protocol DeadLetterStore: AnyObject, Sendable {
    /// Keeps `message` whole as a dead letter with its error; a resend of it returns the original answer.
    func deadLetter(
        _ message: InboundMessage, error: PayloadError, respond: @escaping @Sendable (_ deadLetterId: Int64) -> StoredResponse
    ) async throws -> AppendResult

    /// Records a replay that failed again, with its new error; the dead letter stays open.
    func recordFailedReplay(tenant: String, id: Int64, error: PayloadError, at time: Date) async throws

    /// Dead letters of `tenant` that match `filter`, oldest first, after id `after`.
    func deadLetters(tenant: String, matching filter: DeadLetterFilter, after: Int64, limit: Int) throws(StoreError) -> [DeadLetter]

    /// One dead letter of `tenant` with the message bytes, or nil.
    func deadLetter(tenant: String, id: Int64) throws(StoreError) -> DeadLetter?
}

extension DeadLetterStore {
    /// Dead letters of `tenant`, oldest first, after id `after`; `status` nil lists all.
    public func deadLetters(tenant: String, status: DeadLetterStatus?, after: Int64, limit: Int) throws(StoreError) -> [DeadLetter] {
        try deadLetters(tenant: tenant, matching: DeadLetterFilter(status: status), after: after, limit: limit)
    }
}

/// Which dead letters to list: every given condition must hold.
public struct DeadLetterFilter: Sendable, Equatable {
    /// `open` or `replayed`; nil for both.
    public var status: DeadLetterStatus?
    public var channel: String?
    public var errorCode: String?
    /// The payload path at fault, as the error names it.
    public var errorField: String?
    /// Received at or after this instant.
    public var receivedFrom: Date?
    /// Received before this instant.
    public var receivedBefore: Date?

    /// Creates a DeadLetterFilter from its parts.
    public init(
        status: DeadLetterStatus? = .open, channel: String? = nil, errorCode: String? = nil, errorField: String? = nil, receivedFrom: Date? = nil,
        receivedBefore: Date? = nil
    ) {
        self.status = status
        self.channel = channel
        self.errorCode = errorCode
        self.errorField = errorField
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
    }
}
