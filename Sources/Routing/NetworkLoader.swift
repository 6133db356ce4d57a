import Foundation
import Yams

/// Reads a fulfilment network from a YAML or CSV file.
public enum NetworkLoader {
    /// Loads a network file; `.csv` files are read as CSV, everything else as YAML.
    public static func load(path: String) throws -> FulfilmentNetwork {
        let text = try readText(path: path)
        if path.lowercased().hasSuffix(".csv") {
            return try parseCSV(text, file: path)
        }
        return try parseYAML(text, file: path)
    }

    /// Parses network YAML text; `file` names the source in errors.
    public static func parseYAML(_ text: String, file: String) throws -> FulfilmentNetwork {
        let root = try YAMLFields.root(of: text, file: file, what: "network file")
        let fields = try YAMLFields(root, file: file, what: "the network file")
        try fields.rejectUnknownKeys(["nodes"], in: "the network file")
        let items = try fields.sequence("nodes")
        if items.isEmpty { throw fields.error("the network has no 'nodes'") }
        var nodes: [FulfilmentNode] = []
        var seen: Set<String> = []
        for item in items {
            let node = try parseNode(item, file: file)
            if !seen.insert(node.id).inserted {
                throw YAMLFields.error(file: file, at: item, "duplicate node id '\(node.id)'")
            }
            nodes.append(node)
        }
        return FulfilmentNetwork(nodes: nodes)
    }

    static let nodeKeys: Set<String> = [
        "id", "kind", "lat", "lon", "city", "region", "status", "capacityPerHour", "currentLoad",
        "costPerShipment", "costPerKm", "pickup", "returns", "stock",
    ]

    private static func parseNode(_ item: Node, file: String) throws -> FulfilmentNode {
        let fields = try YAMLFields(item, file: file, what: "a node")
        try fields.rejectUnknownKeys(nodeKeys, in: "a node")
        let id = try fields.string("id")
        guard let kind = try fields.optionalEnum("kind", as: NodeKind.self) else { throw fields.error("node '\(id)' is missing 'kind'") }
        let capacity = try fields.int("capacityPerHour", minimum: 1)
        let load = try fields.optionalInt("currentLoad", minimum: 0) ?? 0
        var stock: [String: StockLevel] = [:]
        if let stockFields = try fields.optionalFields("stock") {
            for entry in stockFields.allEntries {
                stock[entry.key] = try parseStock(entry.value, sku: entry.key, file: file)
            }
        }
        let supportsPickup = try fields.optionalBool("pickup") ?? false
        return FulfilmentNode(
            id: id, kind: kind,
            location: GeoPoint(lat: try fields.double("lat", minimum: -90, maximum: 90), lon: try fields.double("lon", minimum: -180, maximum: 180)),
            city: try fields.string("city"), region: try fields.optionalString("region") ?? "",
            status: try fields.optionalEnum("status", as: NodeStatus.self) ?? .up,
            capacityPerHour: capacity, currentLoad: load,
            costPerShipment: Int64(try fields.int("costPerShipment", minimum: 0)),
            costPerKm: try fields.optionalDouble("costPerKm", minimum: 0) ?? 0,
            supportsPickup: supportsPickup, acceptsReturns: try fields.optionalBool("returns"),
            stock: stock
        )
    }

    private static func parseStock(_ value: Node, sku: String, file: String) throws -> StockLevel {
        if value.scalar != nil {
            guard let units = value.int, units >= 0 else {
                throw YAMLFields.error(file: file, at: value, "stock of '\(sku)' must be a whole number ≥ 0, got '\(value.string ?? "?")'")
            }
            return StockLevel(onHand: units)
        }
        let fields = try YAMLFields(value, file: file, what: "stock of '\(sku)'")
        try fields.rejectUnknownKeys(["onHand", "reserved"], in: "stock of '\(sku)'")
        let onHand = try fields.int("onHand", minimum: 0)
        let reserved = try fields.optionalInt("reserved", minimum: 0) ?? 0
        if reserved > onHand { throw fields.error("stock of '\(sku)' reserves \(reserved) of \(onHand) on hand") }
        return StockLevel(onHand: onHand, reserved: reserved)
    }

    /// Reads a UTF-8 file, naming it in the error when that fails.
    static func readText(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingLoadError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RoutingLoadError(file: path, line: 0, column: 0, message: "the file is not UTF-8 text")
        }
        return text
    }
}
