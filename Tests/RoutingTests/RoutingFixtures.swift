import Foundation
import Routing

/// A small network and helpers shared by the routing tests.
enum RoutingFixtures {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let shanghai = ShipTo(lat: 31.22, lon: 121.46, city: "Shanghai", region: "East")
    static let guangzhou = ShipTo(lat: 23.13, lon: 113.26, city: "Guangzhou", region: "South")
    static let chengdu = ShipTo(lat: 30.57, lon: 104.07, city: "Chengdu", region: "West")

    /// Three warehouses (Shanghai cheapest) and two stores; stock per node as given.
    static func network(
        shanghaiWarehouse: [String: Int] = ["SKU-A": 100, "SKU-B": 100],
        beijingWarehouse: [String: Int] = ["SKU-A": 100],
        guangzhouWarehouse: [String: Int] = ["SKU-B": 100, "SKU-C": 100],
        shanghaiStore: [String: Int] = ["SKU-A": 5, "SKU-B": 5],
        hangzhouStore: [String: Int] = ["SKU-C": 2],
        capacity: Int = 10_000
    ) -> FulfilmentNetwork {
        func levels(_ units: [String: Int]) -> [String: StockLevel] { units.mapValues { StockLevel(onHand: $0) } }
        return FulfilmentNetwork(nodes: [
            FulfilmentNode(
                id: "WH-SH", kind: .warehouse, location: GeoPoint(lat: 31.23, lon: 121.47), city: "Shanghai", region: "East",
                capacityPerHour: capacity, costPerShipment: 500, costPerKm: 0.5, stock: levels(shanghaiWarehouse)),
            FulfilmentNode(
                id: "WH-BJ", kind: .warehouse, location: GeoPoint(lat: 39.90, lon: 116.41), city: "Beijing", region: "North",
                capacityPerHour: capacity, costPerShipment: 600, costPerKm: 0.5, stock: levels(beijingWarehouse)),
            FulfilmentNode(
                id: "WH-GZ", kind: .warehouse, location: GeoPoint(lat: 23.13, lon: 113.26), city: "Guangzhou", region: "South",
                capacityPerHour: capacity, costPerShipment: 600, costPerKm: 0.5, stock: levels(guangzhouWarehouse)),
            FulfilmentNode(
                id: "ST-SH", kind: .store, location: GeoPoint(lat: 31.24, lon: 121.50), city: "Shanghai", region: "East",
                capacityPerHour: capacity, costPerShipment: 900, costPerKm: 1.5, supportsPickup: true, stock: levels(shanghaiStore)),
            FulfilmentNode(
                id: "ST-HZ", kind: .store, location: GeoPoint(lat: 30.27, lon: 120.16), city: "Hangzhou", region: "East",
                capacityPerHour: capacity, costPerShipment: 900, costPerKm: 1.5, supportsPickup: true, stock: levels(hangzhouStore)),
        ])
    }

    /// An engine over ``network(…)`` with a fixed clock and no load term (scores are pure cost).
    static func engine(network: FulfilmentNetwork = network(), review: ReviewRules = .init()) -> RoutingEngine {
        let policy = RoutingPolicy(weights: ScoringWeights(load: 0), review: review)
        return RoutingEngine(network: network, policy: policy, clock: { now })
    }

    static func order(
        _ id: String, _ lines: [(String, Int)], shipTo: ShipTo? = shanghai, mode: FulfilmentMode = .ship, total: Int64 = 10_000,
        channel: String = "tmall", priority: String = "standard"
    ) -> RoutingOrder {
        RoutingOrder(
            orderId: id, tenant: "acme", channel: channel, priority: priority, orderTotal: total, shipTo: shipTo, fulfilment: mode,
            lines: lines.map { OrderLine(sku: $0.0, quantity: $0.1) })
    }

    /// The directory of the repository's shipped config files.
    static var configDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config")
    }
}
