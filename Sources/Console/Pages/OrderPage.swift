import CanonicalModel
import Foundation
import Mapping
import Routing
import Storage

/// Screen 5: one order's status, canonical order, event timeline with mapping versions, routing decision, conflicts
/// and split children.
public struct OrderPage: Sendable {
    /// One event of the timeline.
    public struct Event: Sendable {
        public let type: String
        public let recordedAt: String
        public let outcome: String
        public let mappingVersion: String?
        public let sequence: Int64
        public let data: String
    }

    /// One conflict the order had.
    public struct Conflict: Sendable {
        public let reason: String
        public let detectedAt: String
    }

    /// The routing decision, explained.
    public struct Routing: Sendable {
        public let status: String
        public let shipments: String
        public let cost: String
        public let promise: String
        public let decidingRule: String?
        public let notes: [String]
        public let reviewReasons: [String]
        public let backorderReason: String?
    }

    public let orderId: String
    public let channel: String
    public let channelOrderId: String
    public let status: String
    public let createdAt: String
    public let updatedAt: String
    public let order: String?
    public let masked: Bool
    public let timeline: [Event]
    public let conflicts: [Conflict]
    public let parentHref: String?
    public let children: [String]
    public let routing: Routing?

    /// The page of `view` (already masked as the session may see it) with its routing `decision`, if any.
    public init(view: OrderView, decision: RoutingDecision?, masked: Bool) {
        orderId = view.orderId
        channel = view.channel
        channelOrderId = view.channelOrderId
        status = view.status
        createdAt = view.createdAt
        updatedAt = view.updatedAt
        order = view.order.map(Self.pretty)
        self.masked = masked
        timeline = view.timeline.map { event in
            let data: String
            switch event.data {
            case .order(let order): data = Self.pretty(order)
            case .payload(let value): data = SampleOutcomeView.pretty(value)
            }
            return Event(
                type: event.type.rawValue, recordedAt: event.recordedAt, outcome: event.outcome.rawValue, mappingVersion: event.mappingVersion,
                sequence: event.orderSequence, data: data
            )
        }
        conflicts = view.conflicts.map { Conflict(reason: $0.reason, detectedAt: $0.detectedAt) }
        parentHref = view.parentOrderId.map { "/console/orders/" + $0 }
        children = view.childOrderIds
        routing = decision.map { decision in
            Routing(
                status: decision.status.rawValue,
                shipments: decision.shipments.map { shipment in
                    shipment.nodeId + ": " + shipment.lines.map { "\($0.sku) × \($0.quantity)" }.joined(separator: ", ")
                }.joined(separator: " · "),
                cost: Money.text(decision.totalCost),
                promise: decision.promise.map { "\($0.kind.rawValue) by \(HeldOrdersPage.time($0.eta))" } ?? "none",
                decidingRule: decision.explanation.decidingRule, notes: decision.explanation.notes, reviewReasons: decision.reviewReasons,
                backorderReason: decision.backorderReason
            )
        }
    }
}

extension OrderPage {
    /// A canonical order as indented JSON, keys sorted.
    static func pretty(_ order: CanonicalOrder) -> String {
        let text = CanonicalJSON.text(of: order)
        return (try? JSONReader().parse(Array(text.utf8))).map(SampleOutcomeView.pretty) ?? text
    }
}

/// The orders screen: find one by id, or list them by channel and status.
public struct OrdersPage: Sendable {
    /// One order's row.
    public struct Row: Sendable {
        public let orderId: String
        public let channel: String
        public let channelOrderId: String
        public let status: String
        public let updatedAt: String
        public let href: String
    }

    public let rows: [Row]
    public let channel: String
    public let status: String
    public let nextHref: String?

    /// The page listing `orders` under the given filter.
    public init(orders: [OrderSummary], channel: String, status: String, pageSize: Int) {
        rows = orders.map { summary in
            Row(
                orderId: summary.orderId, channel: summary.channel, channelOrderId: summary.channelOrderId, status: summary.status,
                updatedAt: summary.updatedAt, href: "/console/orders/" + summary.orderId
            )
        }
        self.channel = channel
        self.status = status
        let query = "channel=\(channel.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&status=\(status.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        nextHref = orders.count == pageSize ? orders.last.map { "/console/orders?\(query)&after=\($0.position)" } : nil
    }
}

/// The mappings screen: every mapped channel with its active version, linking to its workbench.
public struct MappingsPage: Sendable {
    /// One mapped channel.
    public struct Row: Sendable {
        public let channel: String
        public let format: String
        public let version: String
        public let href: String
    }

    public let rows: [Row]

    /// Creates the page from (channel, format, version) triples.
    public init(rows: [(channel: String, format: String, version: String)]) {
        self.rows = rows.map { Row(channel: $0.channel, format: $0.format, version: $0.version, href: "/console/mappings/" + $0.channel) }
    }
}
