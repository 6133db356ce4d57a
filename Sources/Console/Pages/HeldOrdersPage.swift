import Foundation
import Routing

/// Screen 4: each order held for review with the rules that held it, the candidates and the promise, to approve or
/// override with a reason.
public struct HeldOrdersPage: Sendable {
    /// One candidate node of a held order.
    public struct Candidate: Sendable {
        public let nodeId: String
        public let score: String
        public let cost: String
        public let distance: String
        public let chosen: Bool
    }

    /// One held order.
    public struct Card: Sendable {
        public let orderId: String
        public let channel: String
        public let reasons: [String]
        public let shipments: String
        public let cost: String
        public let promise: String
        public let decidingRule: String?
        public let candidates: [Candidate]
        public let nodes: [String]
        public let orderHref: String
    }

    public let cards: [Card]
    public let mayDecide: Bool
    public let routingOff: String?

    /// Cards for `held`; `nodes` are the ids an override may name.
    public init(held: [RoutingDecision], nodes: [String], mayDecide: Bool, routingOff: String? = nil) {
        cards = held.map { decision in
            let chosen = Set(decision.nodeIds)
            return Card(
                orderId: decision.orderId, channel: decision.channel, reasons: decision.reviewReasons,
                shipments: decision.shipments.map { shipment in
                    shipment.nodeId + ": " + shipment.lines.map { "\($0.sku) × \($0.quantity)" }.joined(separator: ", ")
                }.joined(separator: " · "),
                cost: Money.text(decision.totalCost),
                promise: decision.promise.map { "\($0.kind.rawValue) by \(Self.time($0.eta))" } ?? "none",
                decidingRule: decision.explanation.decidingRule,
                candidates: decision.explanation.candidates.prefix(6).map { candidate in
                    Candidate(
                        nodeId: candidate.nodeId, score: String(format: "%.0f", candidate.score), cost: Money.text(candidate.cost),
                        distance: String(format: "%.0f km", candidate.distanceKm), chosen: chosen.contains(candidate.nodeId)
                    )
                },
                nodes: nodes, orderHref: "/console/orders/" + decision.orderId
            )
        }
        self.mayDecide = mayDecide
        self.routingOff = routingOff
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// What an override would change, shown before it is confirmed.
public struct OverridePreview: Sendable {
    /// One SKU's stock at the new node against what the order needs.
    public struct StockLine: Sendable {
        public let sku: String
        public let needed: Int
        public let available: Int
        public let enough: Bool
    }

    public let orderId: String
    public let nodeId: String
    public let reason: String
    public let costBefore: String
    public let costAfter: String
    public let costBetter: Bool
    public let distanceBefore: String
    public let distanceAfter: String
    public let distanceBetter: Bool
    public let stock: [StockLine]
    public let feasible: Bool

    /// The comparison of `decision` with moving it whole to `nodeId`, from the engine's candidate figures and stock.
    public init(decision: RoutingDecision, nodeId: String, reason: String, candidate: CandidateScore?, stock: [(sku: String, needed: Int, level: StockLevel?)]) {
        orderId = decision.orderId
        self.nodeId = nodeId
        self.reason = reason
        costBefore = Money.text(decision.totalCost)
        costAfter = candidate.map { Money.text($0.cost) } ?? "not a candidate"
        costBetter = (candidate?.cost ?? Int64.max) <= decision.totalCost
        distanceBefore = String(format: "%.0f km", decision.totalDistanceKm)
        distanceAfter = candidate.map { String(format: "%.0f km", $0.distanceKm) } ?? "—"
        distanceBetter = (candidate?.distanceKm ?? .infinity) <= decision.totalDistanceKm
        self.stock = stock.map { line in
            let available = line.level.map { $0.onHand - $0.reserved } ?? 0
            return StockLine(sku: line.sku, needed: line.needed, available: available, enough: available >= line.needed)
        }
        feasible = self.stock.allSatisfy(\.enough)
    }
}

/// Minor units of CNY as text.
enum Money {
    static func text(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let value = minor.magnitude
        return sign + "\(value / 100)." + String(format: "%02d", Int(value % 100)) + " CNY"
    }
}
