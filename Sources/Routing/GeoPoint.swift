import Foundation

/// A point on the earth in decimal degrees.
public struct GeoPoint: Sendable, Codable, Equatable, Hashable {
    /// Latitude in degrees, −90…90.
    public var lat: Double
    /// Longitude in degrees, −180…180.
    public var lon: Double

    /// Creates a point from latitude and longitude in degrees.
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// The great-circle distance to another point in kilometres.
    public func distanceKm(to other: GeoPoint) -> Double {
        GeoPoint.haversineKm(
            latitude1: lat * Self.radiansPerDegree, longitude1: lon * Self.radiansPerDegree, cosLatitude1: cos(lat * Self.radiansPerDegree),
            latitude2: other.lat * Self.radiansPerDegree, longitude2: other.lon * Self.radiansPerDegree,
            cosLatitude2: cos(other.lat * Self.radiansPerDegree))
    }

    /// Haversine distance in km between two points given in radians with their latitude cosines precomputed.
    @inline(__always)
    static func haversineKm(
        latitude1: Double, longitude1: Double, cosLatitude1: Double, latitude2: Double, longitude2: Double, cosLatitude2: Double
    ) -> Double {
        let sinLat = sin((latitude2 - latitude1) / 2)
        let sinLon = sin((longitude2 - longitude1) / 2)
        let chord = sinLat * sinLat + cosLatitude1 * cosLatitude2 * sinLon * sinLon
        return 2 * earthRadiusKm * asin(min(1, chord.squareRoot()))
    }

    static let radiansPerDegree = Double.pi / 180

    /// Mean earth radius used for distances.
    static let earthRadiusKm = 6371.0
}
