import CanonicalModel
import Foundation

/// Writes CloudEvents 1.0 JSON envelopes as text around already-encoded data.
enum EnvelopeText {
    static func make(
        event: PendingEvent, tenant: String, channel: String, sequence: Int64, outcome: EventOutcome, time: Date
    ) -> String {
        var text = "{\"specversion\":\"1.0\",\"id\":"
        text += JSONString.quoted(event.id)
        text += ",\"source\":" + JSONString.quoted("/channels/" + channel)
        text += ",\"type\":" + JSONString.quoted(event.event.type.cloudEventType)
        text += ",\"subject\":" + JSONString.quoted(event.orderId)
        text += ",\"time\":" + JSONString.quoted(Timestamp.format(time))
        text += ",\"datacontenttype\":\"application/json\""
        text += ",\"tenantid\":" + JSONString.quoted(tenant)
        text += ",\"channelorderid\":" + JSONString.quoted(event.event.channelOrderId)
        text += ",\"ordersequence\":" + String(sequence)
        if let channelSequence = event.event.channelSequence { text += ",\"channelsequence\":" + String(channelSequence) }
        text += ",\"outcome\":" + JSONString.quoted(outcome.rawValue)
        text += ",\"data\":" + event.dataJSON + "}"
        return text
    }
}
