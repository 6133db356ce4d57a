/// The fulfilment mode of an order without its details, as rules match it.
public enum FulfilmentModeKind: String, Sendable, Codable, CaseIterable {
    /// Ship to the customer by parcel, next day or later.
    case ship
    /// The customer picks the order up in a store.
    case pickup
    /// Ship from a nearby store for 2-hour delivery.
    case shipFromStore
}
