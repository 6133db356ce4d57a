import CanonicalModel
import Foundation
import Ingest
import Logging
import Routing
import Storage
import Synchronization

/// Connects the routing core to the event log: routes every new order, follows shipments and cancellations,
/// and writes each decision back as an `OrderRouted` or `OrderRerouted` event of the order.
public final class RoutingCore: Sendable {
    public let engine: RoutingEngine
    let store: any StorageBackend
    let logger: Logger
    /// Feed position handled so far.
    private let position = Mutex<Int64>(0)
    /// True once the log has been read up to where it stood at start.
    private let caughtUp = Mutex<Bool>(false)
    /// True while another process holds the routing lease (only one process routes a store's orders).
    private let standbyFlag = Mutex<Bool>(false)
    /// The routing lease while this process holds it; every decision is stored under it.
    private let heldLease = Mutex<Lease?>(nil)
    /// The lease's name in the store.
    static let leaseName = "routing-core"
    /// This process's name in the lease.
    let owner: String
    /// The published policy version in force (0: the file's).
    private let policyVersion = Mutex<Int64>(0)
    /// Seconds the routing lease lasts; renewed every few seconds while this process routes.
    static let leaseSeconds: Double = 30

    /// A routing core deciding with `engine` and storing decisions in `store` as `owner` of the routing lease.
    public init(engine: RoutingEngine, store: any StorageBackend, logger: Logger, owner: String) {
        self.engine = engine
        self.store = store
        self.logger = logger
        self.owner = owner
    }

    /// True while another process routes this store's orders.
    public var isStandby: Bool { standbyFlag.withLock { $0 } }

    /// Gives the routing lease up (on shutdown) so another process may route at once.
    func releaseLease() async {
        guard let lease = heldLease.withLock({ held in defer { held = nil }; return held }) else { return }
        try? await store.releaseLease(lease)
    }

    /// Takes or renews the store-wide routing lease; false (and standby) while another process holds it or it was lost.
    func holdLease() async -> Bool {
        let lease: Lease?
        if let current = heldLease.withLock({ $0 }) {
            do {
                lease = try await store.renewLease(current, seconds: Self.leaseSeconds)
            } catch {
                // The store cannot answer (a restart, a cut connection): the lease is still ours until it expires, and
                // every write under it is fenced, so keep routing and renew at the next turn.
                if current.expiresAt > Date() {
                    logger.warning("cannot renew the routing lease; retrying", metadata: ["error": "\(error)"])
                    return true
                }
                lease = nil
            }
        } else {
            lease = try? await store.acquireLease(Self.leaseName, owner: owner, seconds: Self.leaseSeconds)
        }
        heldLease.withLock { $0 = lease }
        standbyFlag.withLock { $0 = lease == nil }
        return lease != nil
    }

    /// True once decisions taken before a restart have been restored.
    public var isReady: Bool { caughtUp.withLock { $0 } }

    /// Reads the whole log once, restoring the latest decision of every order, then routes the orders created
    /// but never routed (the process stopped in between).
    func catchUp() async throws {
        try replayOperatorChanges()
        var orders: [String: RoutingOrder] = [:]
        var arrival: [String] = []
        var latest: [String: RoutingDecision] = [:]
        var shipped = Set<String>()
        var cancelled = Set<String>()
        var after: Int64 = 0
        while true {
            let events = try await store.waitForAllEvents(after: after, limit: 1000, wait: .zero)
            guard let last = events.last else { break }
            after = last.position
            for event in events where event.outcome == .applied {
                switch event.type {
                case .orderCreated:
                    guard orders[event.orderId] == nil,
                          let order = RoutingOrderConversion.routingOrder(fromOrderJSON: event.data, tenant: event.tenant, channel: event.channel)
                    else { continue }
                    orders[event.orderId] = order
                    arrival.append(event.orderId)
                case .orderRouted, .orderRerouted:
                    if let decision = Self.decision(in: event) { latest[event.orderId] = decision }
                case .shipmentUpdated:
                    shipped.insert(event.orderId)
                case .orderCancelled:
                    cancelled.insert(event.orderId)
                default:
                    break
                }
            }
        }
        var unrouted: [RoutingOrder] = []
        for orderId in arrival {
            guard let order = orders[orderId], !cancelled.contains(orderId) else { continue }
            guard var decision = latest[orderId] else {
                if !shipped.contains(orderId) { unrouted.append(order) }
                continue
            }
            if shipped.contains(orderId) { decision.status = .shipped }
            do {
                try engine.restore(order, decision: decision)
            } catch {
                logger.warning("cannot restore a routing decision", metadata: ["order": "\(orderId)", "error": "\(error)"])
            }
        }
        position.withLock { $0 = after }
        caughtUp.withLock { $0 = true }
        for order in unrouted { await route(order) }
        logger.info("routing core ready", metadata: ["orders": "\(orders.count)", "restored": "\(latest.count)", "routed_now": "\(unrouted.count)"])
    }

    /// Switches to the active published policy when another process published or rolled back one.
    func followPublishedPolicy() {
        guard let active = try? store.routingPolicyVersions().first(where: { $0.active }) else { return }
        let changed = policyVersion.withLock { known in
            defer { known = active.version }
            return known != active.version
        }
        guard changed, let policy = try? RoutingPolicyLoader.parse(active.source, file: "routing policy v\(active.version)") else { return }
        engine.replacePolicy(policy)
    }

    /// Re-applies node status and stock set through the API over the network file.
    func replayOperatorChanges() throws {
        for node in try store.nodeStates() {
            if let status = node.status.flatMap(NodeStatus.init(rawValue:)) { _ = try? engine.setNodeStatus(node.nodeId, to: status) }
            for (sku, onHand) in node.stock { _ = try? engine.setStock(nodeId: node.nodeId, sku: sku, onHand: onHand) }
        }
    }

    /// Follows the log from where catch-up stopped until cancelled.
    func follow() async {
        var hour = Int64(Date().timeIntervalSince1970) / 3600
        var renewedAt = ContinuousClock.now
        var policyCheckedAt = ContinuousClock.now
        while !Task.isCancelled {
            if ContinuousClock.now - renewedAt > .seconds(10) {
                renewedAt = ContinuousClock.now
                guard await holdLease() else {
                    logger.error("the routing lease went to another process; this one stops routing until it restarts")
                    caughtUp.withLock { $0 = false }
                    return
                }
            }
            // A policy published through another replica is in force here within a few seconds.
            if ContinuousClock.now - policyCheckedAt > .seconds(2) {
                policyCheckedAt = ContinuousClock.now
                followPublishedPolicy()
            }
            // Capacity is orders per hour: each node's load starts again at every hour.
            let now = Int64(Date().timeIntervalSince1970) / 3600
            if now != hour {
                hour = now
                for node in engine.nodeSummaries() { try? engine.setCurrentLoad(nodeId: node.nodeId, load: 0) }
            }
            let after = position.withLock { $0 }
            let events: [FeedEvent]
            do {
                events = try await store.waitForAllEvents(after: after, limit: 500, wait: .seconds(2))
            } catch {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            for (index, event) in events.enumerated() where event.outcome == .applied {
                await handle(event)
                if index % 32 == 31 { await Task.yield() }
            }
            if let last = events.last { position.withLock { $0 = max($0, last.position) } }
        }
    }

    /// One new event: an order to route, a shipment or cancellation to follow.
    func handle(_ event: FeedEvent) async {
        switch event.type {
        case .orderCreated:
            guard engine.decision(orderId: event.orderId) == nil,
                  let order = RoutingOrderConversion.routingOrder(fromOrderJSON: event.data, tenant: event.tenant, channel: event.channel)
            else { return }
            await route(order)
        case .shipmentUpdated:
            try? engine.markShipped(orderId: event.orderId)
        case .orderCancelled:
            if let routed = try? engine.cancel(orderId: event.orderId) { await record(routed, as: .orderRouted) }
        case .returnRequested:
            // ROPO: the return goes to a store near the buyer, named in the order's timeline.
            guard let decision = try? engine.routeReturn(orderId: event.orderId), let tenant = engine.decision(orderId: event.orderId)?.tenant else { return }
            await append([(event.orderId, Self.json(decision))], type: .returnRouted, tenant: tenant, channel: event.channel)
        default:
            break
        }
    }

    func route(_ order: RoutingOrder) async {
        do {
            let decision = try engine.route(order)
            await record([decision], as: .orderRouted)
        } catch {
            logger.warning("cannot route an order", metadata: ["order": "\(order.orderId)", "error": "\(error)"])
        }
    }

    /// Writes decisions as events of their orders (one transaction per tenant and channel).
    public func record(_ decisions: [RoutingDecision], as type: EventType) async {
        let groups = Dictionary(grouping: decisions) { "\($0.tenant)\u{0}\($0.channel)" }
        for group in groups.values {
            guard let first = group.first else { continue }
            await append(group.map { ($0.orderId, Self.json($0)) }, type: type, tenant: first.tenant, channel: first.channel)
        }
    }

    /// Writes reroutes as `OrderRerouted` events carrying the old nodes and promise with the new decision.
    public func record(reroutes: [RerouteResult]) async {
        let groups = Dictionary(grouping: reroutes) { "\($0.decision.tenant)\u{0}\($0.decision.channel)" }
        for group in groups.values {
            guard let first = group.first else { continue }
            await append(group.map { ($0.orderId, Self.json($0)) }, type: .orderRerouted, tenant: first.decision.tenant, channel: first.decision.channel)
        }
    }

    private func append(_ items: [(orderId: String, json: String)], type: EventType, tenant: String, channel: String) async {
        for chunk in stride(from: 0, to: items.count, by: 500).map({ Array(items[$0..<min($0 + 500, items.count)]) }) {
            let channelOrderIds = (try? store.channelOrderIds(tenant: tenant, orderIds: chunk.map(\.orderId))) ?? [:]
            let pending = chunk.compactMap { item -> PendingEvent? in
                guard let channelOrderId = channelOrderIds[item.orderId] else { return nil }
                let event = ChannelEvent(type: type, channelOrderId: channelOrderId, body: .routing(json: item.json))
                return PendingEvent(id: OrderIdentity.eventId(), orderId: item.orderId, parentOrderId: nil, event: event, dataJSON: item.json)
            }
            // A store that cannot write now (a restart, a full disk) is waited for: a decision taken but not stored would
            // leave its order unrouted in the log. Only a lost lease (another process routes now) gives it up.
            var attempt = 0
            while !Task.isCancelled {
                attempt += 1
                do {
                    let lease = heldLease.withLock { $0 }
                    _ = try await store.append(pending, from: .core(tenant: tenant, channel: channel, lease: lease), receivedAt: Date()) { _ in
                        StoredResponse(status: 200, body: "")
                    }
                    break
                } catch let error as StoreError where error.kind == .unavailable && attempt < 120 {
                    if attempt == 1 { logger.warning("cannot store routing decisions yet; retrying", metadata: ["error": "\(error)"]) }
                    try? await Task.sleep(for: .milliseconds(500))
                } catch {
                    logger.error("cannot store routing decisions", metadata: ["count": "\(pending.count)", "error": "\(error)"])
                    break
                }
            }
        }
    }

    /// `value` as the routing core's JSON text (`{}` if it cannot be encoded).
    public static func json<Value: Encodable>(_ value: Value) -> String {
        (try? RoutingJSON.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decision(in event: FeedEvent) -> RoutingDecision? {
        let data = event.data
        if event.type == .orderRerouted {
            return (try? RoutingJSON.decode(RerouteResult.self, from: Data(data.utf8)))?.decision
        }
        return try? RoutingJSON.decode(RoutingDecision.self, from: Data(data.utf8))
    }
}
