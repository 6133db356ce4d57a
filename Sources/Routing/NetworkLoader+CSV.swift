extension NetworkLoader {
    /// The CSV columns, in any order; `stock` holds `SKU=units` pairs separated by `;`.
    public static let csvColumns = [
        "id", "kind", "city", "region", "lat", "lon", "status", "capacity_per_hour", "current_load",
        "cost_per_shipment", "cost_per_km", "pickup", "returns", "stock",
    ]

    static let requiredCSVColumns: Set<String> = ["id", "kind", "city", "lat", "lon", "capacity_per_hour", "cost_per_shipment"]

    /// Parses network CSV text (a header row, then one node per row); `file` names the source in errors.
    public static func parseCSV(_ text: String, file: String) throws -> FulfilmentNetwork {
        let records = try CSVRecords.parse(text, file: file)
        guard let header = records.first else {
            throw RoutingLoadError(file: file, line: 1, column: 1, message: "the network CSV is empty")
        }
        var columnIndex: [String: Int] = [:]
        for (position, field) in header.fields.enumerated() {
            let name = field.text.trimmingSpaces.lowercased()
            guard csvColumns.contains(name) else {
                throw RoutingLoadError(
                    file: file, line: header.line, column: field.column,
                    message: "unknown column '\(field.text)' (known: \(csvColumns.joined(separator: ", ")))")
            }
            columnIndex[name] = position
        }
        for required in requiredCSVColumns.sorted() where columnIndex[required] == nil {
            throw RoutingLoadError(file: file, line: header.line, column: 1, message: "missing column '\(required)'")
        }
        var nodes: [FulfilmentNode] = []
        var seen: Set<String> = []
        for record in records.dropFirst() {
            let row = CSVRow(record: record, columns: columnIndex, file: file)
            let node = try row.node()
            if !seen.insert(node.id).inserted { throw row.error(at: "id", "duplicate node id '\(node.id)'") }
            nodes.append(node)
        }
        if nodes.isEmpty { throw RoutingLoadError(file: file, line: header.line, column: 1, message: "the network has no nodes") }
        return FulfilmentNetwork(nodes: nodes)
    }
}

/// One CSV row read by column name, with errors at the field's position.
private struct CSVRow {
    let record: CSVRecord
    let columns: [String: Int]
    let file: String

    func error(at column: String, _ message: String) -> RoutingLoadError {
        let position = columns[column].flatMap { $0 < record.fields.count ? record.fields[$0].column : nil } ?? 1
        return RoutingLoadError(file: file, line: record.line, column: position, message: message)
    }

    func text(_ column: String) -> String? {
        guard let position = columns[column], position < record.fields.count else { return nil }
        let value = record.fields[position].text.trimmingSpaces
        return value.isEmpty ? nil : value
    }

    func required(_ column: String) throws -> String {
        guard let value = text(column) else { throw error(at: column, "missing '\(column)'") }
        return value
    }

    func int(_ column: String, minimum: Int) throws -> Int? {
        guard let value = text(column) else { return nil }
        guard let number = Int(value), number >= minimum else {
            throw error(at: column, "'\(column)' must be a whole number ≥ \(minimum), got '\(value)'")
        }
        return number
    }

    func double(_ column: String, range: ClosedRange<Double>) throws -> Double? {
        guard let value = text(column) else { return nil }
        guard let number = Double(value), range.contains(number) else {
            throw error(at: column, "'\(column)' must be a number in \(range.lowerBound)…\(range.upperBound), got '\(value)'")
        }
        return number
    }

    func bool(_ column: String) throws -> Bool? {
        guard let value = text(column)?.lowercased() else { return nil }
        switch value {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw error(at: column, "'\(column)' must be true or false, got '\(value)'")
        }
    }

    func enumValue<Value: RawRepresentable & CaseIterable>(_ column: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let value = text(column) else { return nil }
        guard let parsed = Value(rawValue: value) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(at: column, "'\(column)' must be one of \(allowed), got '\(value)'")
        }
        return parsed
    }

    func stock() throws -> [String: StockLevel] {
        guard let value = text("stock") else { return [:] }
        var stock: [String: StockLevel] = [:]
        for pair in value.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, !parts[0].isEmpty, let units = Int(parts[1]), units >= 0 else {
                throw error(at: "stock", "stock entry '\(pair)' must be SKU=units with units ≥ 0")
            }
            if stock[parts[0]] != nil { throw error(at: "stock", "SKU '\(parts[0])' is listed twice") }
            stock[parts[0]] = StockLevel(onHand: units)
        }
        return stock
    }

    func node() throws -> FulfilmentNode {
        let id = try required("id")
        guard let kind = try enumValue("kind", as: NodeKind.self) else { throw error(at: "kind", "missing 'kind'") }
        guard let lat = try double("lat", range: -90...90) else { throw error(at: "lat", "missing 'lat'") }
        guard let lon = try double("lon", range: -180...180) else { throw error(at: "lon", "missing 'lon'") }
        guard let capacity = try int("capacity_per_hour", minimum: 1) else { throw error(at: "capacity_per_hour", "missing 'capacity_per_hour'") }
        guard let cost = try int("cost_per_shipment", minimum: 0) else { throw error(at: "cost_per_shipment", "missing 'cost_per_shipment'") }
        let pickup = try bool("pickup") ?? false
        return FulfilmentNode(
            id: id, kind: kind, location: GeoPoint(lat: lat, lon: lon), city: try required("city"), region: text("region") ?? "",
            status: try enumValue("status", as: NodeStatus.self) ?? .up, capacityPerHour: capacity,
            currentLoad: try int("current_load", minimum: 0) ?? 0, costPerShipment: Int64(cost),
            costPerKm: try double("cost_per_km", range: 0...1_000_000) ?? 0, supportsPickup: pickup,
            acceptsReturns: try bool("returns"), stock: try stock()
        )
    }
}
