/// Stock of one SKU at one node: units on hand and units already reserved for orders.
public struct StockLevel: Sendable, Codable, Equatable {
    /// Units physically at the node.
    public var onHand: Int
    /// Units promised to routed orders that have not shipped yet.
    public var reserved: Int

    /// Creates a stock level.
    public init(onHand: Int, reserved: Int = 0) {
        self.onHand = onHand
        self.reserved = reserved
    }

    /// Units that new orders may still take.
    public var available: Int { onHand - reserved }
}
