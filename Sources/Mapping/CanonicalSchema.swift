/// The canonical message fields a mapping may fill, and the kind of value each takes.
indirect enum FieldKind: Sendable {
    case text
    case integer
    case number
    case boolean
    case money
    case timestamp
    /// The event kind: a canonical event type name, or empty / `none` to yield no event.
    case eventType
    case object([String: FieldKind])
    /// A list whose items have this kind.
    case list(FieldKind)
    /// A free JSON object of channel-specific values (`order.extras`, `order.lines[].extras`).
    case extras

    var isScalar: Bool {
        switch self {
        case .object, .list, .extras: false
        default: true
        }
    }

    static let lineQuantity = FieldKind.object(["lineId": .text, "quantity": .integer])

    static let order = FieldKind.object([
        "status": .text, "placedAt": .timestamp, "updatedAt": .timestamp, "currency": .text,
        "amounts": .object(["subtotal": .money, "discount": .money, "shipping": .money, "tax": .money, "total": .money]),
        "buyer": .object(["id": .text, "name": .text, "phone": .text, "email": .text]),
        "pricesIncludeTax": .boolean,
        "shippingAddress": .object([
            "name": .text, "company": .text, "phone": .text, "country": .text, "province": .text, "city": .text, "district": .text, "street": .list(.text),
            "postalCode": .text, "lat": .number, "lon": .number,
        ]),
        "lines": .list(.object([
            "lineId": .text, "sku": .text, "channelSku": .text, "title": .text, "quantity": .integer,
            "unitPrice": .money, "discount": .money, "tax": .money, "charges": .money, "amount": .money, "extras": .extras,
        ])),
        "fulfilment": .object(["mode": .text, "storeId": .text]),
        "parentChannelOrderId": .text,
        "extras": .extras,
    ])

    /// One canonical event as the `canonical` channel format describes it.
    static let event = FieldKind.object([
        "type": .eventType, "channelOrderId": .text, "sequence": .integer, "occurredAt": .timestamp,
        "order": order,
        "payment": .object(["amount": .money, "currency": .text, "method": .text, "transactionId": .text, "paidAt": .timestamp]),
        "shipment": .object([
            "shipmentId": .text, "status": .text, "carrier": .text, "trackingNumber": .text, "shippedAt": .timestamp,
            "lines": .list(lineQuantity),
        ]),
        "cancellation": .object(["reason": .text, "cancelledAt": .timestamp]),
        "return": .object(["returnId": .text, "reason": .text, "requestedAt": .timestamp, "lines": .list(lineQuantity)]),
    ])
}
