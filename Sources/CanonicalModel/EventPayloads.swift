import Foundation

/// A payment the channel confirmed; amount in minor units of `currency`.
public struct Payment: Sendable, Codable, Equatable {
    public var amount: Int64
    public var currency: Currency
    public var method: String?
    public var transactionId: String?
    public var paidAt: Date

    public init(amount: Int64, currency: Currency, method: String? = nil, transactionId: String? = nil, paidAt: Date) {
        self.amount = amount
        self.currency = currency
        self.method = method
        self.transactionId = transactionId
        self.paidAt = paidAt
    }
}

/// A quantity of one order line, for shipments and returns.
public struct LineQuantity: Sendable, Codable, Equatable {
    public var lineId: String
    public var quantity: Int64

    public init(lineId: String, quantity: Int64) {
        self.lineId = lineId
        self.quantity = quantity
    }
}

/// A shipment's progress as the channel or carrier reports it.
public struct Shipment: Sendable, Codable, Equatable {
    /// Where the parcel is.
    public enum Status: String, Sendable, Codable {
        case shipped
        case inTransit = "in_transit"
        case delivered
    }

    public var shipmentId: String?
    public var status: Status
    public var carrier: String?
    public var trackingNumber: String?
    public var shippedAt: Date?
    /// The lines and quantities in this parcel; empty means the whole order.
    public var lines: [LineQuantity]

    public init(
        shipmentId: String? = nil, status: Status, carrier: String? = nil, trackingNumber: String? = nil,
        shippedAt: Date? = nil, lines: [LineQuantity] = []
    ) {
        self.shipmentId = shipmentId
        self.status = status
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.shippedAt = shippedAt
        self.lines = lines
    }
}

/// The channel cancelled the order.
public struct Cancellation: Sendable, Codable, Equatable {
    public var reason: String?
    public var cancelledAt: Date?

    public init(reason: String? = nil, cancelledAt: Date? = nil) {
        self.reason = reason
        self.cancelledAt = cancelledAt
    }
}

/// The buyer asked to return some or all lines.
public struct ReturnRequest: Sendable, Codable, Equatable {
    public var returnId: String?
    public var reason: String?
    public var requestedAt: Date?
    /// The lines and quantities to return; empty means the whole order.
    public var lines: [LineQuantity]

    public init(returnId: String? = nil, reason: String? = nil, requestedAt: Date? = nil, lines: [LineQuantity] = []) {
        self.returnId = returnId
        self.reason = reason
        self.requestedAt = requestedAt
        self.lines = lines
    }
}
