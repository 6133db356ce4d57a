/// How delivery promises are derived from the chosen node and distance.
public struct PromiseSettings: Sendable, Codable, Equatable {
    /// Minutes until a pickup order held at its own store is ready.
    public var pickupReadyMinutes: Int
    /// Minutes a same-city store delivery takes.
    public var twoHourMinutes: Int
    /// The farthest shipment (km) still promised for the next day.
    public var nextDayMaxKm: Double
    /// Kilometres a parcel travels per day beyond next-day range.
    public var kmPerDay: Double

    /// Creates promise settings.
    public init(pickupReadyMinutes: Int = 60, twoHourMinutes: Int = 120, nextDayMaxKm: Double = 1_200, kmPerDay: Double = 800) {
        self.pickupReadyMinutes = pickupReadyMinutes
        self.twoHourMinutes = twoHourMinutes
        self.nextDayMaxKm = nextDayMaxKm
        self.kmPerDay = kmPerDay
    }
}
