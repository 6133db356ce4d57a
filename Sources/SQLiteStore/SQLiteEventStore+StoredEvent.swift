import CanonicalModel
import CSQLite
import Storage

extension SQLiteEventStore {
    /// The typed event on the row `statement` is on, selected with ``EnvelopeText/columns``.
    static func storedEvent(_ statement: SQLiteStatement) throws(SQLiteError) -> StoredEvent {
        StoredEvent(
            id: statement.text(1), channel: statement.text(2), type: try statement.value(3, as: EventType.self),
            orderId: statement.text(4), recordedAt: statement.text(5), tenant: statement.text(6), channelOrderId: statement.text(7),
            orderSequence: statement.int64(8), channelSequence: statement.optionalInt64(9), outcome: try statement.value(10, as: EventOutcome.self),
            mappingVersion: statement.optionalText(12), data: try storedData(statement.text(11))
        )
    }

    /// The canonical order stored as `text`, nil when there is none.
    static func storedOrder(_ text: String?) throws(SQLiteError) -> CanonicalOrder? {
        guard let text else { return nil }
        return try storedData(text).order
    }

    /// Event data stored as `text`; unreadable text is corruption.
    static func storedData(_ text: String) throws(SQLiteError) -> StoredEventData {
        do throws(StoreError) {
            return try StoredEventData.decode(text)
        } catch {
            throw SQLiteError(code: SQLITE_CORRUPT, message: error.message)
        }
    }
}
