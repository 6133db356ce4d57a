import Foundation

extension EngineState {
    /// Changes a node's status; going down moves all its open orders, coming back retries backorders.
    mutating func setStatus(nodeId: String, to status: NodeStatus, now: Date) throws -> NodeStatusChange {
        let node = try nodeIndex(nodeId)
        let previous = nodes.statuses[node]
        nodes.statuses[node] = status
        var reroutes: [RerouteResult] = []
        var routed: [RoutingDecision] = []
        if status == .down && previous != .down {
            reroutes = failover(node: node, now: now)
        } else if status != .down && previous == .down {
            routed = retryBackorders(touchingSKUs: nil, now: now)
        }
        return NodeStatusChange(nodeId: nodeId, previous: previous, current: status, reroutes: reroutes, routedBackorders: routed)
    }

    /// Re-routes every open order that uses the node as one wave: all are released first, then re-planned most constrained first.
    mutating func failover(node: Int, now: Date) -> [RerouteResult] {
        waveCounter += 1
        var affected: [Int] = []
        affected.reserveCapacity(ordersByNode[node].count)
        for slot in ordersByNode[node] where orders[slot].waveMark != waveCounter && orders[slot].status.holdsReservations && orders[slot].uses(node: node) {
            orders[slot].waveMark = waveCounter
            affected.append(slot)
        }
        ordersByNode[node] = []
        affected.sort()
        var before: [RoutingDecision?] = []
        before.reserveCapacity(affected.count)
        for slot in affected {
            before.append(orders[slot].decision)
            orders[slot].keptStatus = orders[slot].status
            releaseReservations(slot: slot)
        }
        settleWave(affected, now: now)
        repairBackorders(in: affected, now: now)
        endWave(affected)
        let trigger = "node \(nodes.ids[node]) down"
        var results: [RerouteResult] = []
        results.reserveCapacity(affected.count)
        for (position, slot) in affected.enumerated() {
            guard let decision = orders[slot].decision else { continue }
            results.append(RerouteResult(
                orderId: orders[slot].order.orderId, previousNodeIds: before[position]?.nodeIds ?? [],
                previousPromise: before[position]?.promise, trigger: trigger, decision: decision))
        }
        return results
    }
}
