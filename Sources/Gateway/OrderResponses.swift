import CanonicalModel
import Storage

/// The answer of `GET /v1/orders/{id}`: state, order, conflicts and timeline.
struct OrderResponse: Encodable {
    let view: OrderView

    private enum Key: String, CodingKey {
        case orderId, channel, channelOrderId, status, sequence, parentOrderId, childOrderIds, createdAt, updatedAt, order, conflicts, timeline
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(view.orderId, forKey: .orderId)
        try container.encode(view.channel, forKey: .channel)
        try container.encode(view.channelOrderId, forKey: .channelOrderId)
        try container.encode(view.status, forKey: .status)
        try container.encode(view.sequence, forKey: .sequence)
        try container.encode(view.parentOrderId, forKey: .parentOrderId)
        try container.encode(view.childOrderIds, forKey: .childOrderIds)
        try container.encode(view.createdAt, forKey: .createdAt)
        try container.encode(view.updatedAt, forKey: .updatedAt)
        try container.encode(view.order, forKey: .order)
        try container.encode(view.conflicts, forKey: .conflicts)
        try container.encode(view.timeline, forKey: .timeline)
    }
}

/// The answer of `GET /v1/orders`: one page of orders and the cursor of the next.
struct OrderListResponse: Encodable {
    let orders: [OrderSummary]
    /// The `after` value of the next page, nil on the last page.
    let next: String?

    private enum Key: String, CodingKey { case orders, next }
    private enum ItemKey: String, CodingKey { case orderId, channel, channelOrderId, status, updatedAt, order }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        var items = container.nestedUnkeyedContainer(forKey: .orders)
        for summary in orders {
            var item = items.nestedContainer(keyedBy: ItemKey.self)
            try item.encode(summary.orderId, forKey: .orderId)
            try item.encode(summary.channel, forKey: .channel)
            try item.encode(summary.channelOrderId, forKey: .channelOrderId)
            try item.encode(summary.status, forKey: .status)
            try item.encode(summary.updatedAt, forKey: .updatedAt)
            try item.encode(summary.order, forKey: .order)
        }
        try container.encode(next, forKey: .next)
    }
}
