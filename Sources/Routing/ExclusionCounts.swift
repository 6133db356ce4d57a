/// How many nodes a rule left out, by reason.
public struct ExclusionCounts: Sendable, Codable, Equatable {
    /// Nodes that are down.
    public var down: Int
    /// Nodes at capacity for this hour.
    public var atCapacity: Int
    /// Nodes without every line's full quantity available.
    public var shortOfStock: Int
    /// Pickup stores that offer no pickup.
    public var noPickup: Int

    /// Creates counts.
    public init(down: Int = 0, atCapacity: Int = 0, shortOfStock: Int = 0, noPickup: Int = 0) {
        self.down = down
        self.atCapacity = atCapacity
        self.shortOfStock = shortOfStock
        self.noPickup = noPickup
    }

    /// Whether no node was left out.
    public var isEmpty: Bool { down == 0 && atCapacity == 0 && shortOfStock == 0 && noPickup == 0 }

    /// `down: 1, short of stock: 3` style text of the non-zero counts.
    public var summary: String {
        var parts: [String] = []
        if down > 0 { parts.append("down: \(down)") }
        if atCapacity > 0 { parts.append("at capacity: \(atCapacity)") }
        if shortOfStock > 0 { parts.append("short of stock: \(shortOfStock)") }
        if noPickup > 0 { parts.append("no pickup service: \(noPickup)") }
        return parts.joined(separator: ", ")
    }
}
