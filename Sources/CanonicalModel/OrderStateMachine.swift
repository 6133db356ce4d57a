/// Which event moves an order to which status, and which combinations are impossible.
public enum OrderStateMachine {
    /// The result of applying one event to an order's status.
    public enum Outcome: Sendable, Equatable {
        /// The order moves to (or stays in) this status.
        case moveTo(OrderStatus)
        /// The event is valid but does not change the status (e.g. payment news after shipping).
        case keep
        /// The event cannot apply to an order in this status; recorded, not applied.
        case conflict(reason: String)
    }

    /// The outcome of `event` on an order whose current status is `current` (nil when the order is not yet known).
    public static func outcome(of event: ChannelEvent, on current: OrderStatus?) -> Outcome {
        switch (event.body, current) {
        case (.order(let order), nil):
            return .moveTo(order.status)
        case (.order(let order), .some(let status)):
            if status == .cancelled { return .conflict(reason: "\(event.type.rawValue) on a cancelled order") }
            // A channel reporting "cancelled" for an order already handed to the carrier is the same conflict as OrderCancelled.
            if order.status == .cancelled, rank(status) >= rank(.shipped) {
                return .conflict(reason: "\(event.type.rawValue) with status cancelled on a \(status.rawValue) order")
            }
            // An update may move the status forward but never back.
            return rank(order.status) > rank(status) ? .moveTo(order.status) : .keep
        case (.payment, nil), (.payment, .created?):
            return .moveTo(.paid)
        case (.payment, .cancelled?):
            return .conflict(reason: "PaymentConfirmed on a cancelled order")
        case (.payment, _):
            return .keep
        case (.shipment(let shipment), let status):
            if status == .cancelled { return .conflict(reason: "ShipmentUpdated on a cancelled order") }
            if status == .returnRequested { return .keep }
            let target: OrderStatus = shipment.status == .delivered ? .delivered : .shipped
            return rank(target) > rank(status) ? .moveTo(target) : .keep
        case (.cancellation, nil), (.cancellation, .created?), (.cancellation, .paid?), (.cancellation, .cancelled?):
            return .moveTo(.cancelled)
        case (.cancellation, .some(let status)):
            return .conflict(reason: "OrderCancelled on a \(status.rawValue) order")
        case (.returnRequest, .shipped?), (.returnRequest, .delivered?), (.returnRequest, .returnRequested?):
            return .moveTo(.returnRequested)
        case (.returnRequest, let status):
            return .conflict(reason: "ReturnRequested on a \(status?.rawValue ?? "unknown") order")
        case (.routing, _):
            // Routing decides where an order is fulfilled, not how far it has got.
            return .keep
        }
    }

    /// Forward order of the non-terminal statuses.
    static func rank(_ status: OrderStatus?) -> Int {
        switch status {
        case nil: -1
        case .created?: 0
        case .paid?: 1
        case .shipped?: 2
        case .delivered?: 3
        case .returnRequested?: 4
        case .cancelled?: 5
        }
    }
}
