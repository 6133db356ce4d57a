import CanonicalModel
import Foundation
import Storage

/// Messages and events the conformance tests store.
enum Samples {
    static let tenant = "t1"
    static let channel = "shop"

    static func message(_ key: String, tenant: String = tenant, body: String = "{}") -> InboundMessage {
        InboundMessage(
            tenant: tenant, channel: channel, messageKey: key, receivedAt: Date(), contentType: "application/json", headersJSON: "{}",
            body: Array(body.utf8)
        )
    }

    static func payment(_ orderId: String, sequence: Int64? = nil) -> PendingEvent {
        event(orderId, .paymentConfirmed, sequence: sequence, body: .payment(Payment(amount: 1000, currency: currency, paidAt: Date())))
    }

    static func cancellation(_ orderId: String, sequence: Int64? = nil) -> PendingEvent {
        event(orderId, .orderCancelled, sequence: sequence, body: .cancellation(Cancellation(reason: "buyer")))
    }

    static func event(_ orderId: String, _ type: EventType, sequence: Int64?, body: EventBody) -> PendingEvent {
        let event = ChannelEvent(type: type, channelOrderId: "c-" + orderId, channelSequence: sequence, body: body)
        return PendingEvent(id: UUID().uuidString, orderId: orderId, parentOrderId: nil, event: event, dataJSON: "{\"n\":1}")
    }

    static let currency = Currency(code: "CNY") ?? Currency(code: "USD")!

    /// Appends `events` as message `key` and answers 202 with the number of events.
    @discardableResult
    static func append(_ events: [PendingEvent], key: String, to store: any EventLog, tenant: String = tenant) async throws -> AppendResult {
        try await store.append(events, from: .message(message(key, tenant: tenant)), receivedAt: Date()) { committed in
            StoredResponse(status: 202, body: "{\"events\":\(committed.count)}")
        }
    }

    static func audit(_ action: String, target: String = "x") -> AuditEntry {
        AuditEntry(tenant: tenant, actor: "conformance", action: action, target: target, before: nil, after: nil, at: Timestamp.format(Date()))
    }
}
