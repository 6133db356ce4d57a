/// A warehouse or store that can ship orders, as loaded from the network file.
public struct FulfilmentNode: Sendable, Codable, Equatable {
    /// Unique node id, e.g. `WH-SH-01`.
    public var id: String
    /// Warehouse or store.
    public var kind: NodeKind
    /// Where the node is.
    public var location: GeoPoint
    /// The city the node is in (compared case-insensitively with ship-to cities).
    public var city: String
    /// The sales region the node belongs to.
    public var region: String
    /// Whether the node takes orders.
    public var status: NodeStatus
    /// Orders the node can take per hour.
    public var capacityPerHour: Int
    /// Orders already assigned to the node this hour.
    public var currentLoad: Int
    /// Fixed cost of one shipment from this node, in minor units.
    public var costPerShipment: Int64
    /// Carrier cost per kilometre from this node to the ship-to address, in minor units.
    public var costPerKm: Double
    /// Whether customers can pick orders up here.
    public var supportsPickup: Bool
    /// Whether customers can return goods here.
    public var acceptsReturns: Bool
    /// Stock per SKU id.
    public var stock: [String: StockLevel]

    /// Creates a node description.
    public init(
        id: String, kind: NodeKind, location: GeoPoint, city: String, region: String, status: NodeStatus = .up,
        capacityPerHour: Int, currentLoad: Int = 0, costPerShipment: Int64, costPerKm: Double = 0,
        supportsPickup: Bool = false, acceptsReturns: Bool? = nil, stock: [String: StockLevel] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.location = location
        self.city = city
        self.region = region
        self.status = status
        self.capacityPerHour = capacityPerHour
        self.currentLoad = currentLoad
        self.costPerShipment = costPerShipment
        self.costPerKm = costPerKm
        self.supportsPickup = supportsPickup
        self.acceptsReturns = acceptsReturns ?? supportsPickup
        self.stock = stock
    }
}
