import CanonicalModel
import Foundation
import Mapping
import Storage

extension IngestService {
    /// Event types an operator or the core may raise on an order, which are then pushed back to its channel.
    public static let outboundEventTypes: Set<EventType> = [.shipmentUpdated, .orderCancelled]

    /// Records a change that arose inside ChannelGate (an operator shipping or cancelling an order) as events of the
    /// order, queued in the same transaction for the order's channel. `body` is a canonical event message without
    /// `channelOrderId` (the order's is used); `key` makes a resend store nothing twice.
    public func recordChange(
        tenant: String, orderId: String, body: [UInt8], key: String?, author: String, at time: Date = Date()
    ) async throws(IngestError) -> IngestOutcome {
        let found: OrderView?
        do {
            found = try store.order(tenant: tenant, id: orderId)
        } catch {
            throw .store(error)
        }
        guard let order = found else { throw .store(StoreError(.notFound, "order \(orderId) not found")) }
        let decoded: DecodedMessage
        do throws(PayloadError) {
            guard case .object(var members) = try JSONReader().parse(body) else {
                throw PayloadError(.invalid, code: "invalid_type", message: "a change is a JSON object", field: "")
            }
            guard members["events"] == nil else {
                throw PayloadError(.invalid, code: "invalid_value", message: "a change is one event, not a list", field: "events")
            }
            if let given = members["channelOrderId"]?.scalarText, given != order.channelOrderId {
                throw PayloadError(.invalid, code: "invalid_value", message: "channelOrderId belongs to another order", field: "channelOrderId")
            }
            members["channelOrderId"] = .string(order.channelOrderId)
            decoded = try CanonicalChannelDecoder().decode(.object(members))
            for event in decoded.events where !Self.outboundEventTypes.contains(event.type) {
                throw PayloadError(
                    .invalid, code: "invalid_value", message: "only ShipmentUpdated and OrderCancelled can be raised on an order", field: "type"
                )
            }
        } catch {
            throw .payload(error)
        }
        let contentKey = OrderIdentity.contentKey(Array(orderId.utf8) + body)
        let message = InboundMessage(
            tenant: tenant, channel: order.channel, messageKey: "change:" + (key ?? contentKey),
            receivedAt: time, contentType: "application/json", headersJSON: "{\"x-origin\":\"operator\",\"x-author\":" + JSONString.quoted(author) + "}",
            body: body, contentKey: contentKey, keyField: key != nil ? "Idempotency-Key" : nil
        )
        var pending = prepare(decoded.events, tenant: tenant, channel: order.channel)
        for index in pending.indices { pending[index].outbound = true }
        do {
            let result = try await store.append(pending, from: .message(message), receivedAt: time) { committed in
                StoredResponse(status: 202, body: ResponseText.accepted(committed))
            }
            return IngestOutcome(
                response: result.response, replayed: result.replayed, events: result.events, deadLetterId: result.reusedKeyDeadLetterId
            )
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.internal, "\(error)"))
        }
    }
}
