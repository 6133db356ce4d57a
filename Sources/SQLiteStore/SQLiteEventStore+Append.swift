import Storage
import CanonicalModel
import Foundation

extension SQLiteEventStore {
    /// Stores `events` from `source` in one transaction and returns the answer `respond` builds, once on disk.
    ///
    /// A message whose key was stored before stores nothing and returns the original answer (`replayed`).
    public func append(
        _ events: [PendingEvent], from source: AppendSource, receivedAt: Date,
        respond: @escaping @Sendable ([CommittedEvent]) -> StoredResponse
    ) async throws -> AppendResult {
        let source = try sealing.sealed(source)
        return try await writer.write { connection in
            try Appender.append(events, from: source, receivedAt: receivedAt, respond: respond, in: SQLiteAppendTransaction(connection: connection))
        }
    }
}
