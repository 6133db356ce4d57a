/// A quantity of one SKU.
public struct OrderLine: Sendable, Codable, Equatable, Hashable {
    /// The SKU id.
    public var sku: String
    /// Units wanted (> 0).
    public var quantity: Int

    /// Creates a line.
    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}
