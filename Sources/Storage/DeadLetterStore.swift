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

    /// Dead letters of `tenant`, oldest first, after id `after`; `status` nil lists all.
    func deadLetters(tenant: String, status: DeadLetterStatus?, after: Int64, limit: Int) throws(StoreError) -> [DeadLetter]

    /// One dead letter of `tenant` with the message bytes, or nil.
    func deadLetter(tenant: String, id: Int64) throws(StoreError) -> DeadLetter?
}
