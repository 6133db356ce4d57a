import CanonicalModel
import Mapping
import Routing

/// Turns a stored canonical order (the `data` of an OrderCreated event) into the order the routing core plans.
enum RoutingOrderConversion {
    static let reader = JSONReader(limits: .init(maxDepth: 64, maxBytes: 16 << 20))

    /// The routing order for canonical order JSON, or nil when it has no lines to fulfil or is already cancelled.
    static func routingOrder(fromOrderJSON text: String, tenant: String, channel: String) -> RoutingOrder? {
        guard let order = try? reader.parse(Array(text.utf8)), let orderId = order["orderId"]?.scalarText else { return nil }
        if order["status"]?.scalarText == "cancelled" { return nil }
        var lines: [Routing.OrderLine] = []
        if case .array(let items)? = order["lines"] {
            for item in items {
                guard let sku = item["sku"]?.scalarText, let quantity = item["quantity"]?.scalarText.flatMap(Double.init), quantity > 0, quantity <= 1_000_000 else { continue }
                lines.append(Routing.OrderLine(sku: sku, quantity: Int(quantity.rounded(.up))))
            }
        }
        guard !lines.isEmpty else { return nil }
        let address = order["shippingAddress"]
        let shipTo = ShipTo(
            lat: address?["latitude"]?.scalarText.flatMap(Double.init), lon: address?["longitude"]?.scalarText.flatMap(Double.init),
            city: address?["city"]?.scalarText, region: address?["province"]?.scalarText
        )
        let mode: FulfilmentMode
        switch order["fulfilment"]?["mode"]?.scalarText {
        case "pickup_in_store":
            guard let store = order["fulfilment"]?["storeId"]?.scalarText else { return nil }
            mode = .pickup(storeId: store)
        case "ship_from_store": mode = .shipFromStore
        default: mode = .ship
        }
        let priority = order["extras"]?["priority"]?.scalarText ?? "standard"
        let total = order["amounts"]?["total"]?.scalarText.flatMap { Int64($0) } ?? 0
        return RoutingOrder(orderId: orderId, tenant: tenant, channel: channel, priority: priority, orderTotal: total, shipTo: shipTo, fulfilment: mode, lines: lines)
    }
}
