import Foundation

/// The lifecycle status of a canonical order.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case created
    case paid
    case shipped
    case delivered
    case cancelled
    case returnRequested = "return_requested"
}

/// Order money in integer minor units of the order's currency.
public struct OrderAmounts: Sendable, Codable, Equatable {
    public var subtotal: Int64
    public var discount: Int64
    public var shipping: Int64
    public var tax: Int64
    public var total: Int64

    public init(subtotal: Int64, discount: Int64, shipping: Int64, tax: Int64, total: Int64) {
        self.subtotal = subtotal
        self.discount = discount
        self.shipping = shipping
        self.tax = tax
        self.total = total
    }
}

/// The buyer; every field except `id` is personal data.
public struct Buyer: Sendable, Codable, Equatable {
    public var id: String?
    public var name: String?
    public var phone: String?
    public var email: String?

    public init(id: String? = nil, name: String? = nil, phone: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.phone = phone
        self.email = email
    }
}

/// A postal address; the recipient's name, company and phone and the street lines are personal data.
public struct Address: Sendable, Codable, Equatable {
    /// The person the parcel is for, when the channel names one apart from the buyer.
    public var name: String?
    /// The company at the address (B2B deliveries, "c/o" lines).
    public var company: String?
    /// The recipient's phone, for the carrier.
    public var phone: String?
    public var country: String
    public var province: String?
    public var city: String?
    public var district: String?
    public var street: [String]
    public var postalCode: String?
    public var latitude: Double?
    public var longitude: Double?

    public init(
        country: String, province: String? = nil, city: String? = nil, district: String? = nil,
        street: [String] = [], postalCode: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        name: String? = nil, company: String? = nil, phone: String? = nil
    ) {
        self.name = name
        self.company = company
        self.phone = phone
        self.country = country
        self.province = province
        self.city = city
        self.district = district
        self.street = street
        self.postalCode = postalCode
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// One order line; money in minor units of the order's currency.
public struct OrderLine: Sendable, Codable, Equatable {
    public var lineId: String
    public var sku: String
    public var channelSku: String?
    public var title: String?
    public var quantity: Int64
    public var unitPrice: Int64
    public var discount: Int64
    public var tax: Int64
    /// Line-level charges added to the line (Peppol line charges, gift wrapping), when the channel states any.
    public var charges: Int64?
    /// The line's net amount as the channel states it, authoritative over quantity × unitPrice − discount + charges
    /// when unit prices are finer than the currency's minor unit.
    public var amount: Int64?
    /// Channel-specific fields of the line kept as a JSON object.
    public var extras: JSONValue?

    public init(
        lineId: String, sku: String, channelSku: String? = nil, title: String? = nil,
        quantity: Int64, unitPrice: Int64, discount: Int64 = 0, tax: Int64 = 0,
        charges: Int64? = nil, amount: Int64? = nil, extras: JSONValue? = nil
    ) {
        self.lineId = lineId
        self.sku = sku
        self.channelSku = channelSku
        self.title = title
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.tax = tax
        self.charges = charges
        self.amount = amount
        self.extras = extras
    }

    /// The line's net amount: as stated, else quantity × unitPrice − discount + charges; nil beyond 64 bits.
    public var netAmount: Int64? {
        if let amount { return amount }
        let (gross, overflow1) = unitPrice.multipliedReportingOverflow(by: quantity)
        let (net, overflow2) = gross.subtractingReportingOverflow(discount)
        let (withCharges, overflow3) = net.addingReportingOverflow(charges ?? 0)
        return overflow1 || overflow2 || overflow3 ? nil : withCharges
    }
}

/// How an order reaches its buyer.
public struct Fulfilment: Sendable, Codable, Equatable {
    /// Ship from a warehouse, buyer picks up in a store, or a store ships it.
    public enum Mode: String, Sendable, Codable {
        case ship
        case pickupInStore = "pickup_in_store"
        case shipFromStore = "ship_from_store"
    }

    public var mode: Mode
    /// The store for pickup or ship-from-store.
    public var storeId: String?

    public init(mode: Mode, storeId: String? = nil) {
        self.mode = mode
        self.storeId = storeId
    }
}

/// A canonical order, the same shape whatever channel it came from.
public struct CanonicalOrder: Sendable, Codable, Equatable {
    /// Gateway order id, stable for the same tenant, channel and channel order id.
    public var orderId: String
    public var tenant: String
    public var channel: String
    public var channelOrderId: String
    public var status: OrderStatus
    public var placedAt: Date
    /// When the channel last changed the order, if it says.
    public var channelUpdatedAt: Date?
    public var currency: Currency
    public var amounts: OrderAmounts
    public var buyer: Buyer?
    public var shippingAddress: Address?
    public var lines: [OrderLine]
    public var fulfilment: Fulfilment
    /// The gateway id of the parent order when this order was split from one.
    public var parentOrderId: String?
    /// The channel's id of the parent order when this order was split from one.
    public var parentChannelOrderId: String?
    /// True when unit prices, subtotal and shipping include tax (the tax amounts are then the part of them that is
    /// tax); nil when the channel does not say.
    public var pricesIncludeTax: Bool?
    /// Channel-specific fields kept as a JSON object.
    public var extras: JSONValue?

    public init(
        orderId: String, tenant: String, channel: String, channelOrderId: String, status: OrderStatus,
        placedAt: Date, channelUpdatedAt: Date? = nil, currency: Currency, amounts: OrderAmounts,
        buyer: Buyer? = nil, shippingAddress: Address? = nil, lines: [OrderLine],
        fulfilment: Fulfilment = Fulfilment(mode: .ship), parentOrderId: String? = nil,
        parentChannelOrderId: String? = nil, extras: JSONValue? = nil, pricesIncludeTax: Bool? = nil
    ) {
        self.pricesIncludeTax = pricesIncludeTax
        self.orderId = orderId
        self.tenant = tenant
        self.channel = channel
        self.channelOrderId = channelOrderId
        self.status = status
        self.placedAt = placedAt
        self.channelUpdatedAt = channelUpdatedAt
        self.currency = currency
        self.amounts = amounts
        self.buyer = buyer
        self.shippingAddress = shippingAddress
        self.lines = lines
        self.fulfilment = fulfilment
        self.parentOrderId = parentOrderId
        self.parentChannelOrderId = parentChannelOrderId
        self.extras = extras
    }
}
