import CanonicalModel
import Foundation
import Storage

/// The JSON bodies stored with a message and returned to its sender (again on a resend).
enum ResponseText {
    private struct DeadLettered: Encodable {
        struct Failure: Encodable {
            var code: String
            var message: String
            var field: String?
        }

        var status = "dead_lettered"
        var deadLetterId: Int64
        var error: Failure
    }

    /// `{"events":[…],"status":"accepted"}`, written by hand: it is built inside the store's write transaction.
    static func accepted(_ events: [CommittedEvent]) -> String {
        var text = "{\"events\":["
        for (index, event) in events.enumerated() {
            if index > 0 { text += "," }
            text += "{\"channelOrderId\":" + JSONString.quoted(event.channelOrderId) + ",\"id\":" + JSONString.quoted(event.id)
            text += ",\"orderId\":" + JSONString.quoted(event.orderId) + ",\"outcome\":\"" + event.outcome.rawValue + "\""
            text += ",\"position\":" + String(event.position) + ",\"sequence\":" + String(event.sequence)
            text += ",\"status\":" + JSONString.quoted(event.status) + ",\"type\":\"" + event.type.rawValue + "\"}"
        }
        return text + "],\"status\":\"accepted\"}"
    }

    /// `{"events":[],"reason":…,"status":"skipped"}`: valid, stored, and nothing to apply, as the mapping says.
    static func skipped(_ reason: String) -> String {
        "{\"events\":[],\"reason\":" + JSONString.quoted(reason) + ",\"status\":\"skipped\"}"
    }

    static func deadLettered(id: Int64, error: PayloadError) -> String {
        encode(DeadLettered(deadLetterId: id, error: .init(code: error.code, message: error.message, field: error.field)))
    }

    /// The dead letter id inside a stored dead-letter answer.
    static func deadLetterId(in body: String) -> Int64? {
        struct Probe: Decodable { var deadLetterId: Int64? }
        return (try? JSONDecoder().decode(Probe.self, from: Data(body.utf8)))?.deadLetterId
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
