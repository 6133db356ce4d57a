import Storage
import CanonicalModel
import Foundation

/// Writes the CloudEvents 1.0 JSON envelope of a stored event around its stored data.
enum EnvelopeText {
    /// The columns of `events` that make an envelope, in this order.
    static let columns = "position, id, channel, type, order_id, recorded_at, tenant, channel_order_id, sequence, channel_sequence, outcome, data, mapping_version"

    /// The envelope of the row `statement` is on, selected with ``columns`` starting at column `first`.
    static func make(_ statement: SQLiteStatement, first: Int32 = 0) -> String {
        let type = EventType(rawValue: statement.text(first + 3))?.cloudEventType ?? statement.text(first + 3)
        var text = "{\"specversion\":\"1.0\",\"id\":" + JSONString.quoted(statement.text(first + 1))
        text += ",\"source\":" + JSONString.quoted("/channels/" + statement.text(first + 2))
        text += ",\"type\":" + JSONString.quoted(type)
        text += ",\"subject\":" + JSONString.quoted(statement.text(first + 4))
        text += ",\"time\":" + JSONString.quoted(statement.text(first + 5))
        text += ",\"datacontenttype\":\"application/json\""
        text += ",\"tenantid\":" + JSONString.quoted(statement.text(first + 6))
        text += ",\"channelorderid\":" + JSONString.quoted(statement.text(first + 7))
        text += ",\"ordersequence\":" + String(statement.int64(first + 8))
        if let channelSequence = statement.optionalInt64(first + 9) { text += ",\"channelsequence\":" + String(channelSequence) }
        text += ",\"outcome\":" + JSONString.quoted(statement.text(first + 10))
        if let mappingVersion = statement.optionalText(first + 12) { text += ",\"mappingversion\":" + JSONString.quoted(mappingVersion) }
        text += ",\"data\":" + statement.text(first + 11) + "}"
        return text
    }
}
