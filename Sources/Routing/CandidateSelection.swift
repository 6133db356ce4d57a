/// Which nodes a routing rule considers.
public enum CandidateSelection: String, Sendable, Codable, CaseIterable {
    /// Only the store the customer chose for pickup.
    case pickupStore
    /// Stores in the ship-to city (or within the rule's radius).
    case sameCityStore
    /// Every warehouse.
    case warehouses
    /// Every store.
    case stores
    /// Every node.
    case anyNode
}
