import CanonicalModel
import Foundation

/// Settles the ids an ingested event only proposes, inside the append's transaction.
///
/// A new order keeps its proposed, time-ordered id. An order the store already has keeps its stored id, found by its
/// channel order id. An order an earlier order named as its parent before it arrived takes the derived id that parent
/// link holds. A parent is the stored parent's id, or its derived id while it has not arrived.
enum OrderIdResolution {
    /// `pending` with its order and parent ids settled and its event text and body naming them.
    static func settle(_ pending: PendingEvent, tenant: String, channel: String, in transaction: some AppendTransaction) throws -> PendingEvent {
        guard let derived = pending.derivedOrderId else { return pending }
        let channelOrderId = pending.event.channelOrderId
        var orderId = pending.orderId
        if let stored = try transaction.orderId(tenant: tenant, channel: channel, channelOrderId: channelOrderId) {
            orderId = stored
        } else if try transaction.isNamedAsParent(derived) {
            orderId = derived
        }
        var parentOrderId = pending.parentOrderId
        if case .order(let order) = pending.event.body, let parent = order.parentChannelOrderId,
           let stored = try transaction.orderId(tenant: tenant, channel: channel, channelOrderId: parent) {
            parentOrderId = stored
        }
        guard orderId != pending.orderId || parentOrderId != pending.parentOrderId else { return pending }
        var settled = pending
        settled.dataJSON = renamed(pending.dataJSON, pending.orderId, orderId, pending.parentOrderId, parentOrderId)
        if case .order(var order) = pending.event.body {
            order.orderId = orderId
            order.parentOrderId = parentOrderId
            settled.event.body = .order(order)
        }
        settled.orderId = orderId
        settled.parentOrderId = parentOrderId
        return settled
    }

    /// `text` with the proposed ids replaced by the settled ones (ids are random tokens, found nowhere else).
    private static func renamed(_ text: String, _ proposed: String, _ orderId: String, _ proposedParent: String?, _ parent: String?) -> String {
        var text = text
        if orderId != proposed { text = text.replacingOccurrences(of: "\"\(proposed)\"", with: "\"\(orderId)\"") }
        if let proposedParent, let parent, parent != proposedParent {
            text = text.replacingOccurrences(of: "\"\(proposedParent)\"", with: "\"\(parent)\"")
        }
        return text
    }
}
