import Foundation
import Synchronization

/// The routing core: chooses the node(s) for each order, reserves stock, and moves orders when nodes fail.
///
/// All state sits behind one `Mutex`, so every operation is atomic: concurrent callers never oversell
/// stock, and a failover sees a consistent set of open orders.
public final class RoutingEngine: Sendable {
    private let state: Mutex<EngineState>
    private let clock: @Sendable () -> Date

    /// Creates an engine over a network and a policy; `clock` supplies "now" for promises and audits.
    public init(network: FulfilmentNetwork, policy: RoutingPolicy = RoutingPolicy(), clock: @escaping @Sendable () -> Date = { Date() }) {
        state = Mutex(EngineState(network: network, policy: policy))
        self.clock = clock
    }

    /// Creates an engine from a network file (YAML or CSV) and an optional policy file (YAML).
    public convenience init(networkFile: String, policyFile: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        let network = try NetworkLoader.load(path: networkFile)
        let policy = try policyFile.map { try RoutingPolicyLoader.load(path: $0) } ?? RoutingPolicy()
        self.init(network: network, policy: policy, clock: clock)
    }

    /// Routes a new order: reserves stock and returns the decision (routed, held for review, or backordered).
    public func route(_ order: RoutingOrder) throws -> RoutingDecision {
        let now = clock()
        return try state.withLock { try $0.route(order, now: now) }
    }

    /// Routes a batch as one wave (most constrained orders first, for higher fill and lower total cost); results in input order.
    public func route(batch orders: [RoutingOrder]) -> [Result<RoutingDecision, RoutingError>] {
        let now = clock()
        return state.withLock { $0.routeWave(orders, now: now) }
    }

    /// Re-creates an order with a decision taken earlier (e.g. replayed from the event log after a restart), reserving
    /// its stock as decided without re-planning; shipped orders are recorded for returns without touching stock.
    public func restore(_ order: RoutingOrder, decision: RoutingDecision) throws {
        try state.withLock { try $0.restore(order, decision: decision) }
    }

    /// The latest decision for an order.
    public func decision(orderId: String) -> RoutingDecision? {
        state.withLock { state in state.slotByOrderId[orderId].flatMap { state.orders[$0].decision } }
    }

    /// Changes a node's status: `down` re-routes all its open orders at once; leaving `down` retries backorders.
    public func setNodeStatus(_ nodeId: String, to status: NodeStatus) throws -> NodeStatusChange {
        let now = clock()
        return try state.withLock { try $0.setStatus(nodeId: nodeId, to: status, now: now) }
    }

    /// What ``setNodeStatus(_:to:)`` would do, worked out on a copy of the state: nothing changes.
    public func previewNodeStatus(_ nodeId: String, to status: NodeStatus) throws -> NodeStatusChange {
        let now = clock()
        var scratch = state.withLock { $0 }
        return try scratch.setStatus(nodeId: nodeId, to: status, now: now)
    }

    /// Adds (or removes, with a negative delta) on-hand units; returns backordered orders routed thanks to new stock.
    @discardableResult
    public func adjustStock(nodeId: String, sku: String, by delta: Int) throws -> [RoutingDecision] {
        let now = clock()
        return try state.withLock { try $0.changeStock(nodeId: nodeId, sku: sku, delta: delta, units: nil, now: now) }
    }

    /// Sets on-hand units (a stock count); returns backordered orders routed thanks to new stock.
    @discardableResult
    public func setStock(nodeId: String, sku: String, onHand units: Int) throws -> [RoutingDecision] {
        guard units >= 0 else { throw RoutingError(.invalidStock, "on-hand units cannot be negative, got \(units)") }
        let now = clock()
        return try state.withLock { try $0.changeStock(nodeId: nodeId, sku: sku, delta: nil, units: units, now: now) }
    }

    /// The stock level of a SKU at a node (nil for an unknown node; zero for an unknown SKU).
    public func stockLevel(nodeId: String, sku: String) -> StockLevel? {
        state.withLock { state in
            guard let node = state.nodes.indexById[nodeId] else { return nil }
            guard let skuIndex = state.stock.skuIndexById[sku] else { return StockLevel(onHand: 0) }
            return state.stock.level(sku: skuIndex, node: node)
        }
    }

    /// What would be promised for these items at this address now (2-hour, next day…), without reserving stock.
    public func promise(shipTo: ShipTo, items: [OrderLine]) throws -> PromiseQuote {
        let now = clock()
        return try state.withLock { try $0.quote(shipTo: shipTo, items: items, now: now) }
    }

    /// Approves a held order: it is released as decided, and the approval is audited.
    public func approve(orderId: String, by actor: String) throws -> ReviewOutcome {
        let now = clock()
        return try state.withLock { try $0.approve(orderId: orderId, actor: actor, now: now) }
    }

    /// Overrides an open order's nodes (each line goes to the first listed node with stock); releases it and audits the change.
    public func override(orderId: String, to nodeIds: [String], by actor: String, reason: String? = nil) throws -> ReviewOutcome {
        let now = clock()
        return try state.withLock { try $0.override(orderId: orderId, to: nodeIds, actor: actor, reason: reason, now: now) }
    }

    /// Marks a routed order shipped: its stock leaves the node and it is never re-routed.
    public func markShipped(orderId: String) throws {
        try state.withLock { try $0.markShipped(orderId: orderId) }
    }

    /// Cancels an unshipped order and releases its stock; returns backorders the freed stock let through.
    @discardableResult
    public func cancel(orderId: String) throws -> [RoutingDecision] {
        let now = clock()
        return try state.withLock { try $0.cancel(orderId: orderId, now: now) }
    }

    /// Picks the return node for a shipped order (ROPO: the nearest store that takes returns).
    public func routeReturn(orderId: String) throws -> ReturnDecision {
        try state.withLock { try $0.returnDecision(orderId: orderId) }
    }

    /// Picks the return node for a customer at a location (nearest store that takes returns).
    public func returnNode(near location: GeoPoint) throws -> ReturnDecision {
        try state.withLock { try $0.returnNode(near: location) }
    }

    /// Orders held for review, in arrival order.
    public func heldOrders() -> [RoutingDecision] {
        state.withLock { state in state.orders.compactMap { $0.status == .held ? $0.decision : nil } }
    }

    /// Orders waiting for stock with their reasons, in arrival order.
    public func backorders() -> [BackorderEntry] {
        state.withLock { $0.backorderEntries() }
    }

    /// Audit records of approvals and overrides, optionally for one order.
    public func auditTrail(orderId: String? = nil) -> [OverrideAuditRecord] {
        state.withLock { state in state.audit.filter { orderId == nil || $0.orderId == orderId } }
    }

    /// Replaces the routing policy for orders routed from now on.
    public func replacePolicy(_ policy: RoutingPolicy) {
        state.withLock { $0.replacePolicy(policy) }
    }

    /// The policy in force.
    public var policy: RoutingPolicy {
        state.withLock { $0.policy }
    }

    /// Sets a node's current load (e.g. at the start of a new hour).
    public func setCurrentLoad(nodeId: String, load: Int) throws {
        try state.withLock { state in
            let node = try state.nodeIndex(nodeId)
            state.nodes.loads[node] = max(0, load)
        }
    }

    /// Every node's status, load, capacity and open order count.
    public func nodeSummaries() -> [NodeSummary] {
        state.withLock { $0.nodeSummaries() }
    }
}
