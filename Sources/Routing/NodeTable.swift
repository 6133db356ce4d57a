import Foundation

/// Node attributes as parallel arrays indexed by node index, for fast scans.
struct NodeTable: Sendable {
    var ids: [String] = []
    var kinds: [NodeKind] = []
    var locations: [GeoPoint] = []
    /// Latitudes and longitudes in radians and cosines of latitude, for fast distances.
    var latitudeRadians: [Double] = []
    var longitudeRadians: [Double] = []
    var cosLatitude: [Double] = []
    var cityKeys: [String] = []
    var statuses: [NodeStatus] = []
    var capacities: [Int] = []
    var loads: [Int] = []
    var costPerShipment: [Int64] = []
    var costPerKm: [Double] = []
    var supportsPickup: [Bool] = []
    var acceptsReturns: [Bool] = []
    var indexById: [String: Int] = [:]

    /// Builds the table from the network's nodes, in file order.
    init(_ nodes: [FulfilmentNode]) {
        for node in nodes {
            indexById[node.id] = ids.count
            ids.append(node.id)
            kinds.append(node.kind)
            locations.append(node.location)
            latitudeRadians.append(node.location.lat * GeoPoint.radiansPerDegree)
            longitudeRadians.append(node.location.lon * GeoPoint.radiansPerDegree)
            cosLatitude.append(cos(node.location.lat * GeoPoint.radiansPerDegree))
            cityKeys.append(node.city.lowercased())
            statuses.append(node.status)
            capacities.append(node.capacityPerHour)
            loads.append(node.currentLoad)
            costPerShipment.append(node.costPerShipment)
            costPerKm.append(node.costPerKm)
            supportsPickup.append(node.supportsPickup)
            acceptsReturns.append(node.acceptsReturns)
        }
    }

    var count: Int { ids.count }

    /// Whether the node can take one more shipment now.
    func canTakeShipment(_ node: Int) -> Bool {
        statuses[node] != .down && loads[node] < capacities[node]
    }
}
