import CanonicalModel
import Foundation

extension Appender {
    /// The error code of a message whose key an earlier, different message already used.
    public static let reusedKeyCode = "idempotency_key_reused"

    /// Keeps `message`, whose key `earlier` (with other content) already used, as a dead letter and answers 409:
    /// its content is neither applied nor lost. A resend of it gets the same answer.
    static func keepReusedKey(_ message: InboundMessage, earlier: EarlierMessage, in transaction: some AppendTransaction) throws -> AppendResult {
        var kept = message
        kept.messageKey = message.messageKey + "#reused:" + (message.contentKey ?? "")
        if let again = try transaction.earlierMessage(tenant: kept.tenant, channel: kept.channel, messageKey: kept.messageKey) {
            return AppendResult(response: again.response, replayed: true, events: [])
        }
        let error = PayloadError(
            .invalid, code: reusedKeyCode,
            message: "message key \(message.messageKey) was used by a different message received at \(earlier.receivedAt); "
                + "this one was not applied and is kept as a dead letter to review and replay",
            field: message.keyField ?? "messageKey"
        )
        let inboundId = try transaction.archive(kept, result: .deadLettered)
        let id = try transaction.insertDeadLetter(tenant: kept.tenant, channel: kept.channel, inboundId: inboundId, error: error, at: message.receivedAt)
        var writer = JSONTextWriter(capacity: 384)
        writer.beginObject()
        writer.integer("deadLetterId", id)
        writer.beginObject("error")
        writer.string("code", error.code)
        writer.string("field", error.field)
        writer.string("message", error.message)
        writer.endObject()
        writer.string("status", "dead_lettered")
        writer.endObject()
        let response = StoredResponse(status: 409, body: writer.text)
        try transaction.storeResponse(response, inboundId: inboundId)
        return AppendResult(response: response, replayed: false, events: [], reusedKeyDeadLetterId: id)
    }
}
