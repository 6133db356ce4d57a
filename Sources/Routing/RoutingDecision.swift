/// The routing core's answer for one order; encodes as the data of an `OrderRouted` event.
public struct RoutingDecision: Sendable, Codable, Equatable {
    /// The order.
    public var orderId: String
    /// The order's tenant.
    public var tenant: String
    /// The order's channel.
    public var channel: String
    /// Routed, held for review, or backordered.
    public var status: RoutingStatus
    /// The order's fulfilment mode.
    public var mode: FulfilmentModeKind
    /// The shipments, one per node; empty when backordered.
    public var shipments: [PlannedShipment]
    /// The delivery promise; nil when backordered.
    public var promise: DeliveryPromise?
    /// Money cost of all shipments in minor units.
    public var totalCost: Int64
    /// Sum of the shipments' distances in km.
    public var totalDistanceKm: Double
    /// The score of the chosen plan (cost terms plus penalties), lower is better.
    public var score: Double
    /// Why: deciding rule, candidates, exclusions.
    public var explanation: RoutingExplanation
    /// Review rules that held the order (empty unless held).
    public var reviewReasons: [String]
    /// Why no node could fill the order (backordered only).
    public var backorderReason: String?
    /// The policy name and version that decided.
    public var policy: String

    /// Creates a decision.
    public init(
        orderId: String, tenant: String, channel: String, status: RoutingStatus, mode: FulfilmentModeKind,
        shipments: [PlannedShipment], promise: DeliveryPromise?, totalCost: Int64, totalDistanceKm: Double, score: Double,
        explanation: RoutingExplanation, reviewReasons: [String] = [], backorderReason: String? = nil, policy: String
    ) {
        self.orderId = orderId
        self.tenant = tenant
        self.channel = channel
        self.status = status
        self.mode = mode
        self.shipments = shipments
        self.promise = promise
        self.totalCost = totalCost
        self.totalDistanceKm = totalDistanceKm
        self.score = score
        self.explanation = explanation
        self.reviewReasons = reviewReasons
        self.backorderReason = backorderReason
        self.policy = policy
    }

    /// The ids of the shipping nodes, in shipment order.
    public var nodeIds: [String] { shipments.map(\.nodeId) }
}
