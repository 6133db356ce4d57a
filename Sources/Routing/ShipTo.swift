/// Where an order goes; every part is optional.
public struct ShipTo: Sendable, Codable, Equatable {
    /// Latitude in degrees.
    public var lat: Double?
    /// Longitude in degrees.
    public var lon: Double?
    /// City name.
    public var city: String?
    /// Sales region.
    public var region: String?

    /// Creates a ship-to address.
    public init(lat: Double? = nil, lon: Double? = nil, city: String? = nil, region: String? = nil) {
        self.lat = lat
        self.lon = lon
        self.city = city
        self.region = region
    }

    /// The coordinates when both are known.
    public var location: GeoPoint? {
        guard let lat, let lon else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }
}
