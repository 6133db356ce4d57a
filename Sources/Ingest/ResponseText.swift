import CanonicalModel
import Foundation
import Store

/// The JSON bodies stored with a message and returned to its sender (again on a resend).
enum ResponseText {
    private struct Accepted: Encodable {
        var status = "accepted"
        var events: [CommittedEvent]
    }

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

    static func accepted(_ events: [CommittedEvent]) -> String {
        encode(Accepted(events: events))
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
