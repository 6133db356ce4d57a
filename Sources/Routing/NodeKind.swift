/// What a fulfilment node is: a warehouse or a store.
public enum NodeKind: String, Sendable, Codable, CaseIterable {
    /// A distribution centre; ships parcels, no customers on site.
    case warehouse
    /// A retail store; may ship from store, hand over pickups and take returns.
    case store
}
