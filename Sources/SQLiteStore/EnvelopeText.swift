import Storage
import CanonicalModel
import Foundation

/// The columns of the event log that make a ``LoggedEvent`` (its feed view and CloudEvents envelope).
enum EnvelopeText {
    /// The columns of `events` that make an envelope, in this order.
    static let columns = "position, id, channel, type, order_id, recorded_at, tenant, channel_order_id, sequence, channel_sequence, outcome, data, mapping_version"

    /// The logged event on the row `statement` is on, selected with ``columns`` starting at column `first`.
    static func loggedEvent(_ statement: SQLiteStatement, first: Int32 = 0) throws(SQLiteError) -> LoggedEvent {
        LoggedEvent(
            position: statement.int64(first), id: statement.text(first + 1), channel: statement.text(first + 2),
            type: try statement.value(first + 3, as: EventType.self), orderId: statement.text(first + 4),
            recordedAt: statement.text(first + 5), tenant: statement.text(first + 6), channelOrderId: statement.text(first + 7),
            orderSequence: statement.int64(first + 8), channelSequence: statement.optionalInt64(first + 9),
            outcome: try statement.value(first + 10, as: EventOutcome.self), data: statement.text(first + 11),
            mappingVersion: statement.optionalText(first + 12)
        )
    }
}
