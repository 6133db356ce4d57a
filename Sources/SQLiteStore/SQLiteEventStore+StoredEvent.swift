import CanonicalModel
import CSQLite
import Storage

extension SQLiteEventStore {
    /// The typed event on the row `statement` is on, selected with ``EnvelopeText/columns``.
    static func storedEvent(_ statement: SQLiteStatement) throws(SQLiteError) -> StoredEvent {
        let logged = try EnvelopeText.loggedEvent(statement)
        do throws(StoreError) {
            return try logged.storedEvent()
        } catch {
            throw SQLiteError(code: SQLITE_CORRUPT, message: error.message)
        }
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
