/// The set of nodes an engine routes over, as loaded from a network file.
public struct FulfilmentNetwork: Sendable, Codable, Equatable {
    /// Every node, in file order.
    public var nodes: [FulfilmentNode]

    /// Creates a network from its nodes.
    public init(nodes: [FulfilmentNode]) {
        self.nodes = nodes
    }

    /// Every SKU id stocked anywhere, sorted.
    public var skus: [String] {
        Set(nodes.flatMap { $0.stock.keys }).sorted()
    }
}
