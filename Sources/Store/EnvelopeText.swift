import CanonicalModel
import Foundation

/// Writes CloudEvents 1.0 JSON envelopes as text around already-encoded data.
enum EnvelopeText {
    static func make(
        event: PendingEvent, tenant: String, channel: String, sequence: Int64, outcome: EventOutcome, time: Date
    ) -> String {
        var text = "{\"specversion\":\"1.0\",\"id\":"
        text += quoted(event.id)
        text += ",\"source\":" + quoted("/channels/" + channel)
        text += ",\"type\":" + quoted(event.event.type.cloudEventType)
        text += ",\"subject\":" + quoted(event.orderId)
        text += ",\"time\":" + quoted(Timestamp.format(time))
        text += ",\"datacontenttype\":\"application/json\""
        text += ",\"tenantid\":" + quoted(tenant)
        text += ",\"channelorderid\":" + quoted(event.event.channelOrderId)
        text += ",\"ordersequence\":" + String(sequence)
        if let channelSequence = event.event.channelSequence { text += ",\"channelsequence\":" + String(channelSequence) }
        text += ",\"outcome\":" + quoted(outcome.rawValue)
        text += ",\"data\":" + event.dataJSON + "}"
        return text
    }

    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
