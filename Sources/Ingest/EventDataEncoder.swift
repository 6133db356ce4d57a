import CanonicalModel
import Foundation

/// Encodes canonical orders and event payloads as the JSON stored in events (dates as UTC RFC 3339).
struct EventDataEncoder {
    private let encoder: JSONEncoder

    init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
    }

    func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The CloudEvents `data` member for `body`: the order itself, or `{orderId, channelOrderId, <kind>: payload}`.
    func data(for body: EventBody, orderId: String, channelOrderId: String) throws -> String {
        switch body {
        case .order(let order): return try text(order)
        case .payment(let payment): return try text(EventData(orderId: orderId, channelOrderId: channelOrderId, payment: payment))
        case .shipment(let shipment): return try text(EventData(orderId: orderId, channelOrderId: channelOrderId, shipment: shipment))
        case .cancellation(let cancellation):
            return try text(EventData(orderId: orderId, channelOrderId: channelOrderId, cancellation: cancellation))
        case .returnRequest(let request): return try text(EventData(orderId: orderId, channelOrderId: channelOrderId, return: request))
        }
    }
}

/// The `data` of a non-order event.
private struct EventData: Encodable {
    var orderId: String
    var channelOrderId: String
    var payment: Payment?
    var shipment: Shipment?
    var cancellation: Cancellation?
    var `return`: ReturnRequest?
}
