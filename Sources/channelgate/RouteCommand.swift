import ArgumentParser
import Foundation
import Routing

/// `channelgate route …`: offline routing tools.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Try routing policies and networks offline.",
        subcommands: [RouteSimulateCommand.self]
    )
}

/// `channelgate route simulate`: routes a batch of orders offline and prints decisions and totals.
struct RouteSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Route an NDJSON batch of orders against a network and policy; optionally fail a node afterwards."
    )

    @Option(name: .long, help: "The network file (YAML, or CSV by extension).")
    var network: String

    @Option(name: .long, help: "The orders, one JSON object per line.")
    var orders: String

    @Option(name: .long, help: "The routing policy (YAML); the built-in default when omitted.")
    var policy: String?

    @Option(name: .long, help: "After routing, mark this node down and re-route its open orders.")
    var fail: String?

    @Option(name: .long, help: "Write every decision as NDJSON (OrderRouted data) to this file.")
    var decisions: String?

    @Flag(name: .long, help: "Route orders one at a time in file order, as they would arrive, instead of as one wave.")
    var arrivalOrder = false

    @Flag(name: .long, help: "Print totals only, no per-order lines.")
    var quiet = false

    @Flag(name: .long, help: "Print totals as one JSON object.")
    var json = false

    func run() throws {
        let engine = try RoutingEngine(networkFile: network, policyFile: policy)
        let batch = try RoutingOrderReader.load(path: orders)
        var totals = SimulationTotals()
        var decisionLines: [String] = []
        let clock = ContinuousClock()
        var routed: [RoutingDecision] = []
        routed.reserveCapacity(batch.count)
        let routeTime = try clock.measure {
            if arrivalOrder {
                for order in batch { routed.append(try engine.route(order)) }
            } else {
                for result in engine.route(batch: batch) { routed.append(try result.get()) }
            }
        }
        for decision in routed {
            totals.add(decision)
            if !quiet && !json { print(Self.line(for: decision)) }
            if decisions != nil { decisionLines.append(String(decoding: try RoutingJSON.encode(decision), as: UTF8.self)) }
        }
        totals.routeSeconds = routeTime.seconds
        if let decisions {
            try (decisionLines.joined(separator: "\n") + "\n").write(toFile: decisions, atomically: true, encoding: .utf8)
        }
        if let fail {
            var change: NodeStatusChange?
            let failTime = try clock.measure { change = try engine.setNodeStatus(fail, to: .down) }
            totals.failover = FailoverTotals(node: fail, reroutes: change?.reroutes ?? [], seconds: failTime.seconds)
            if !quiet && !json {
                for reroute in change?.reroutes ?? [] {
                    print("reroute \(reroute.orderId) \(reroute.previousNodeIds.joined(separator: "+")) -> \(Self.line(for: reroute.decision))")
                }
            }
        }
        print(json ? try totals.jsonText() : totals.text)
    }

    /// One decision as a single line: order, status, nodes with lines, promise, cost, distance, deciding rule.
    static func line(for decision: RoutingDecision) -> String {
        let nodes = decision.shipments.map { shipment in
            shipment.nodeId + "[" + shipment.lines.map { "\($0.sku)x\($0.quantity)" }.joined(separator: ",") + "]"
        }
        var text = "\(decision.orderId) \(decision.status.rawValue)"
        if decision.status == .backordered {
            return text + " reason=\"\(decision.backorderReason ?? "")\""
        }
        text += " " + nodes.joined(separator: "+")
        if let promise = decision.promise { text += " promise=\(promise.kind.rawValue)\(promise.compensation ? "(compensate)" : "")" }
        text += " cost=\(decision.totalCost) km=\(String(format: "%.1f", decision.totalDistanceKm))"
        text += " rule=\(decision.explanation.decidingRule ?? "-")"
        if !decision.reviewReasons.isEmpty { text += " review=\"\(decision.reviewReasons.joined(separator: "; "))\"" }
        return text
    }
}

/// Totals of one simulation run.
struct SimulationTotals {
    var orders = 0
    var routed = 0
    var held = 0
    var unfilled = 0
    var shipments = 0
    var cost: Int64 = 0
    var distanceKm = 0.0
    var routeSeconds = 0.0
    var failover: FailoverTotals?

    var ordersPerSecond: Double { routeSeconds > 0 ? Double(orders) / routeSeconds : 0 }

    mutating func add(_ decision: RoutingDecision) {
        orders += 1
        switch decision.status {
        case .routed: routed += 1
        case .held: held += 1
        default: unfilled += 1
        }
        shipments += decision.shipments.count
        cost += decision.totalCost
        distanceKm += decision.totalDistanceKm
    }

    var text: String {
        var text = "totals orders=\(orders) routed=\(routed) held=\(held) unfilled=\(unfilled) shipments=\(shipments)"
        text += " cost=\(cost) distance_km=\(String(format: "%.1f", distanceKm))"
        text += " route_ms=\(String(format: "%.2f", routeSeconds * 1000)) orders_per_s=\(String(format: "%.0f", ordersPerSecond))"
        if let failover {
            text += "\nfailover node=\(failover.node) affected=\(failover.affected) rerouted=\(failover.rerouted)"
            text += " held=\(failover.held) unfilled=\(failover.unfilled) elapsed_ms=\(String(format: "%.2f", failover.seconds * 1000))"
        }
        return text
    }

    func jsonText() throws -> String {
        var object: [String: Any] = [
            "orders": orders, "routed": routed, "held": held, "unfilled": unfilled, "shipments": shipments, "cost": cost,
            "distanceKm": distanceKm, "routeSeconds": routeSeconds, "ordersPerSecond": ordersPerSecond,
        ]
        if let failover {
            object["failover"] = [
                "node": failover.node, "affected": failover.affected, "rerouted": failover.rerouted, "held": failover.held,
                "unfilled": failover.unfilled, "seconds": failover.seconds,
            ] as [String: Any]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

/// Totals of a failover after the batch.
struct FailoverTotals {
    var node: String
    var affected: Int
    var rerouted: Int
    var held: Int
    var unfilled: Int
    var seconds: Double

    init(node: String, reroutes: [RerouteResult], seconds: Double) {
        self.node = node
        affected = reroutes.count
        rerouted = reroutes.filter { $0.decision.status == .routed }.count
        held = reroutes.filter { $0.decision.status == .held }.count
        unfilled = reroutes.filter { $0.decision.status == .backordered }.count
        self.seconds = seconds
    }
}

private extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
