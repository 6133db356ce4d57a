/// The answer to a delivery-promise question: which node would ship, how, and when.
public struct PromiseQuote: Sendable, Codable, Equatable {
    /// The node that would ship; nil when no node can.
    public var nodeId: String?
    /// The promise; nil when no node can ship.
    public var promise: DeliveryPromise?
    /// Distance from that node in km.
    public var distanceKm: Double?
    /// Why no node can ship, when none can.
    public var unavailableReason: String?

    /// Creates a quote.
    public init(nodeId: String?, promise: DeliveryPromise?, distanceKm: Double?, unavailableReason: String?) {
        self.nodeId = nodeId
        self.promise = promise
        self.distanceKm = distanceKm
        self.unavailableReason = unavailableReason
    }
}
