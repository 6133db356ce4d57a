/// On-hand and reserved units for every (SKU, node), stored SKU-major in flat integer arrays.
struct StockMatrix: Sendable {
    let nodeCount: Int
    private(set) var skuIds: [String] = []
    private(set) var skuIndexById: [String: Int] = [:]
    private(set) var onHand: [Int] = []
    private(set) var reserved: [Int] = []

    /// Builds the matrix from the network's stock.
    init(nodes: [FulfilmentNode]) {
        nodeCount = nodes.count
        for (nodeIndex, node) in nodes.enumerated() {
            for (sku, level) in node.stock.sorted(by: { $0.key < $1.key }) {
                let skuIndex = index(addingSKU: sku)
                onHand[skuIndex * nodeCount + nodeIndex] = level.onHand
                reserved[skuIndex * nodeCount + nodeIndex] = level.reserved
            }
        }
    }

    /// The SKU's index, adding an all-zero row for a SKU not seen before.
    mutating func index(addingSKU sku: String) -> Int {
        if let existing = skuIndexById[sku] { return existing }
        let index = skuIds.count
        skuIds.append(sku)
        skuIndexById[sku] = index
        onHand.append(contentsOf: repeatElement(0, count: nodeCount))
        reserved.append(contentsOf: repeatElement(0, count: nodeCount))
        return index
    }

    /// Units of a SKU that new orders may take at a node.
    @inline(__always)
    func available(sku: Int, node: Int) -> Int {
        let cell = sku * nodeCount + node
        return onHand[cell] - reserved[cell]
    }

    /// The stock level of a SKU at a node.
    func level(sku: Int, node: Int) -> StockLevel {
        let cell = sku * nodeCount + node
        return StockLevel(onHand: onHand[cell], reserved: reserved[cell])
    }

    /// Reserves units (the caller checked availability).
    @inline(__always)
    mutating func reserve(sku: Int, node: Int, quantity: Int) {
        reserved[sku * nodeCount + node] += quantity
    }

    /// Releases reserved units.
    @inline(__always)
    mutating func release(sku: Int, node: Int, quantity: Int) {
        reserved[sku * nodeCount + node] -= quantity
    }

    /// Removes shipped units from both on-hand and reserved.
    mutating func consume(sku: Int, node: Int, quantity: Int) {
        let cell = sku * nodeCount + node
        reserved[cell] -= quantity
        onHand[cell] -= quantity
    }

    /// Sets on-hand units.
    mutating func setOnHand(sku: Int, node: Int, units: Int) {
        onHand[sku * nodeCount + node] = units
    }
}
