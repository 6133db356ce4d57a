import Foundation

extension EngineState {
    /// The delivery promise for a plan: 2-hour from a same-city store, pickup, next day or standard by distance.
    func makePromise(mode: FulfilmentModeKind, rule: RoutingRule, shipmentNodes: [Int], pickupNode: Int?, now: Date) -> DeliveryPromise {
        let settings = policy.promise
        let farthest = shipmentNodes.map { scratch.distanceKm[$0] }.max() ?? 0
        switch mode {
        case .pickup:
            let ready = TimeInterval(settings.pickupReadyMinutes * 60)
            if shipmentNodes == [pickupNode] {
                return DeliveryPromise(kind: .pickup, eta: now.addingTimeInterval(ready), compensation: false)
            }
            return DeliveryPromise(kind: .pickup, eta: transitETA(km: farthest, now: now).addingTimeInterval(ready), compensation: true)
        case .ship, .shipFromStore:
            if rule.select == .sameCityStore && shipmentNodes.count == 1 {
                return DeliveryPromise(kind: .twoHour, eta: now.addingTimeInterval(TimeInterval(settings.twoHourMinutes * 60)), compensation: false)
            }
            let kind: PromiseKind = farthest <= settings.nextDayMaxKm ? .nextDay : .standard
            return DeliveryPromise(kind: kind, eta: transitETA(km: farthest, now: now), compensation: mode == .shipFromStore)
        }
    }

    /// Next day within next-day range, then one more day per `kmPerDay`.
    func transitETA(km: Double, now: Date) -> Date {
        let settings = policy.promise
        let extraDays = km <= settings.nextDayMaxKm ? 0 : ((km - settings.nextDayMaxKm) / settings.kmPerDay).rounded(.up)
        return now.addingTimeInterval((1 + extraDays) * 86_400)
    }
}
