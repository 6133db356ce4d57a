/// An order as the routing core sees it.
///
/// JSON form (one line of an orders NDJSON file):
/// `{"orderId":"O-1","tenant":"acme","channel":"tmall","priority":"standard","orderTotal":12900,
///   "shipTo":{"lat":31.2,"lon":121.5,"city":"Shanghai"},"mode":"ship","lines":[{"sku":"SKU-TEA-01","quantity":2}]}`;
/// pickup orders say `"mode":"pickup","pickupStore":"ST-SH-01"`.
public struct RoutingOrder: Sendable, Equatable {
    /// The gateway order id (unique per engine).
    public var orderId: String
    /// The tenant that owns the order.
    public var tenant: String
    /// The sales channel it came from.
    public var channel: String
    /// Priority label (e.g. `standard`, `express`, `vip`).
    public var priority: String
    /// Order total in minor units.
    public var orderTotal: Int64
    /// Where it goes, if known.
    public var shipTo: ShipTo?
    /// Ship, pickup or ship-from-store.
    public var fulfilment: FulfilmentMode
    /// What was ordered.
    public var lines: [OrderLine]

    /// Creates an order.
    public init(
        orderId: String, tenant: String = "default", channel: String = "web", priority: String = "standard", orderTotal: Int64 = 0,
        shipTo: ShipTo? = nil, fulfilment: FulfilmentMode = .ship, lines: [OrderLine]
    ) {
        self.orderId = orderId
        self.tenant = tenant
        self.channel = channel
        self.priority = priority
        self.orderTotal = orderTotal
        self.shipTo = shipTo
        self.fulfilment = fulfilment
        self.lines = lines
    }
}

extension RoutingOrder: Codable {
    private enum CodingKeys: String, CodingKey {
        case orderId, tenant, channel, priority, orderTotal, shipTo, mode, pickupStore, lines
    }

    /// Decodes the JSON form; `mode` defaults to `ship`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        orderId = try container.decode(String.self, forKey: .orderId)
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant) ?? "default"
        channel = try container.decodeIfPresent(String.self, forKey: .channel) ?? "web"
        priority = try container.decodeIfPresent(String.self, forKey: .priority) ?? "standard"
        orderTotal = try container.decodeIfPresent(Int64.self, forKey: .orderTotal) ?? 0
        shipTo = try container.decodeIfPresent(ShipTo.self, forKey: .shipTo)
        lines = try container.decode([OrderLine].self, forKey: .lines)
        let mode = try container.decodeIfPresent(FulfilmentModeKind.self, forKey: .mode) ?? .ship
        switch mode {
        case .ship: fulfilment = .ship
        case .shipFromStore: fulfilment = .shipFromStore
        case .pickup:
            guard let store = try container.decodeIfPresent(String.self, forKey: .pickupStore) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.pickupStore, .init(codingPath: container.codingPath, debugDescription: "pickup orders name their 'pickupStore'"))
            }
            fulfilment = .pickup(storeId: store)
        }
    }

    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(channel, forKey: .channel)
        try container.encode(priority, forKey: .priority)
        try container.encode(orderTotal, forKey: .orderTotal)
        try container.encodeIfPresent(shipTo, forKey: .shipTo)
        try container.encode(fulfilment.kind, forKey: .mode)
        if case .pickup(let store) = fulfilment { try container.encode(store, forKey: .pickupStore) }
        try container.encode(lines, forKey: .lines)
    }
}
