import CanonicalModel
import Foundation

/// Decodes the built-in `canonical` channel format: one event object, or `{"messageId", "events": [...]}`.
///
/// Amounts are decimal numbers or strings in major units (`"129.00"`), converted to minor units by the
/// currency's exponent. Order ids, tenant and sequence are assigned later by the ingest pipeline.
public struct CanonicalChannelDecoder: ChannelDecoder {
    /// Creates CanonicalChannelDecoder with its defaults.
    public init() {}

    public func decode(_ document: JSONValue) throws(PayloadError) -> DecodedMessage {
        let root = FieldReader(document)
        guard case .object = document else {
            throw PayloadError(.invalid, code: "invalid_type", message: "the message must be a JSON object", field: "$")
        }
        let messageId = try root.string("messageId", maxLength: 256)
        if let items = try root.array("events") {
            guard !items.isEmpty else { throw root.invalid("events", code: "missing_field", "events must not be empty") }
            guard items.count <= 1000 else { throw root.invalid("events", code: "too_many_events", "at most 1000 events per message") }
            var events: [ChannelEvent] = []
            events.reserveCapacity(items.count)
            for item in items {
                guard case .object = item.value else {
                    throw PayloadError(.invalid, code: "invalid_type", message: "expected an event object", field: item.path)
                }
                events.append(try decodeEvent(item))
            }
            return DecodedMessage(messageId: messageId, events: events)
        }
        return DecodedMessage(messageId: messageId, events: [try decodeEvent(root)])
    }

    func decodeEvent(_ event: FieldReader) throws(PayloadError) -> ChannelEvent {
        let type = try event.enumeration("type", as: EventType.self) ?? .orderCreated
        let channelOrderId = try event.requiredString("channelOrderId", maxLength: 128)
        let sequence = try event.integer("sequence")
        let occurredAt = try event.timestamp("occurredAt")
        let body: EventBody
        switch type {
        case .orderRouted, .orderRerouted, .returnRouted:
            throw PayloadError(.invalid, code: "invalid_value", message: "\(type.rawValue) events come from the routing core, not from channels", field: "type")
        case .orderCreated, .orderUpdated:
            let order = try decodeOrder(try event.requiredObject("order"), channelOrderId: channelOrderId)
            body = .order(order)
            return ChannelEvent(
                type: type, channelOrderId: channelOrderId, channelSequence: sequence,
                occurredAt: occurredAt ?? order.channelUpdatedAt ?? (type == .orderCreated ? order.placedAt : nil), body: body
            )
        case .paymentConfirmed:
            let payment = try event.requiredObject("payment")
            let currency = try decodeCurrency(payment, key: "currency")
            guard let amount = try payment.nonNegativeMoney("amount", currency: currency) else {
                throw payment.invalid("amount", code: "missing_field", "\(payment.pathOf("amount")) is required")
            }
            body = .payment(Payment(
                amount: amount, currency: currency, method: try payment.string("method"),
                transactionId: try payment.string("transactionId"), paidAt: try payment.requiredTimestamp("paidAt")
            ))
        case .shipmentUpdated:
            let shipment = try event.requiredObject("shipment")
            body = .shipment(Shipment(
                shipmentId: try shipment.string("shipmentId"),
                status: try shipment.enumeration("status", as: Shipment.Status.self) ?? .shipped,
                carrier: try shipment.string("carrier"), trackingNumber: try shipment.string("trackingNumber"),
                shippedAt: try shipment.timestamp("shippedAt"), lines: try decodeLineQuantities(shipment)
            ))
        case .orderCancelled:
            let cancellation = try event.object("cancellation")
            body = .cancellation(Cancellation(
                reason: try cancellation?.string("reason"), cancelledAt: try cancellation?.timestamp("cancelledAt")
            ))
        case .returnRequested:
            let request = try event.requiredObject("return")
            body = .returnRequest(ReturnRequest(
                returnId: try request.string("returnId"), reason: try request.string("reason"),
                requestedAt: try request.timestamp("requestedAt"), lines: try decodeLineQuantities(request)
            ))
        }
        return ChannelEvent(type: type, channelOrderId: channelOrderId, channelSequence: sequence, occurredAt: occurredAt, body: body)
    }

    func decodeCurrency(_ reader: FieldReader, key: String) throws(PayloadError) -> Currency {
        let code = try reader.requiredString(key, maxLength: 3 + 16)
        guard let currency = Currency(code: code) else {
            throw reader.invalid(key, code: "unknown_currency", "\"\(code)\" is not an ISO 4217 currency code")
        }
        return currency
    }

    func decodeOrder(_ order: FieldReader, channelOrderId: String) throws(PayloadError) -> CanonicalOrder {
        let currency = try decodeCurrency(order, key: "currency")
        guard let lineReaders = try order.array("lines"), !lineReaders.isEmpty else {
            throw order.invalid("lines", code: "missing_field", "\(order.pathOf("lines")) needs at least one line")
        }
        var lines: [OrderLine] = []
        lines.reserveCapacity(lineReaders.count)
        for (offset, line) in lineReaders.enumerated() {
            lines.append(try decodeLine(line, position: offset + 1, currency: currency))
        }
        let amounts = try order.requiredObject("amounts")
        let subtotal: Int64
        if let given = try amounts.nonNegativeMoney("subtotal", currency: currency) {
            subtotal = given
        } else {
            guard let computed = Self.linesTotal(lines), computed >= 0 else {
                throw amounts.invalid("subtotal", code: "invalid_amount", "the lines' total is out of range or negative; give amounts.subtotal")
            }
            subtotal = computed
        }
        guard let total = try amounts.nonNegativeMoney("total", currency: currency) else {
            throw amounts.invalid("total", code: "missing_field", "\(amounts.pathOf("total")) is required")
        }
        let fulfilment = try decodeFulfilment(order)
        return CanonicalOrder(
            orderId: "", tenant: "", channel: "", channelOrderId: channelOrderId,
            status: try order.enumeration("status", as: OrderStatus.self) ?? .created,
            placedAt: try order.requiredTimestamp("placedAt"),
            channelUpdatedAt: try order.timestamp("updatedAt"),
            currency: currency,
            amounts: OrderAmounts(
                subtotal: subtotal,
                discount: try amounts.nonNegativeMoney("discount", currency: currency) ?? 0,
                shipping: try amounts.nonNegativeMoney("shipping", currency: currency) ?? 0,
                tax: try amounts.nonNegativeMoney("tax", currency: currency) ?? 0,
                total: total
            ),
            buyer: try decodeBuyer(order),
            shippingAddress: try decodeAddress(order),
            lines: lines,
            fulfilment: fulfilment,
            parentChannelOrderId: try order.string("parentChannelOrderId", maxLength: 128),
            extras: try decodeExtras(order),
            pricesIncludeTax: try order.bool("pricesIncludeTax")
        )
    }

    /// Σ of the lines' net amounts (``OrderLine/netAmount``), or nil when it does not fit in 64 bits.
    public static func linesTotal(_ lines: [OrderLine]) -> Int64? {
        var total: Int64 = 0
        for line in lines {
            guard let net = line.netAmount else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(net)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    func decodeLine(_ line: FieldReader, position: Int, currency: Currency) throws(PayloadError) -> OrderLine {
        guard case .object = line.value else {
            throw PayloadError(.invalid, code: "invalid_type", message: "expected a line object", field: line.path)
        }
        guard let quantity = try line.integer("quantity") else {
            throw line.invalid("quantity", code: "missing_field", "\(line.pathOf("quantity")) is required")
        }
        guard quantity > 0 else { throw line.invalid("quantity", code: "invalid_quantity", "quantity must be positive, got \(quantity)") }
        guard quantity <= 1_000_000_000 else { throw line.invalid("quantity", code: "invalid_quantity", "quantity \(quantity) is beyond 1,000,000,000") }
        guard let unitPrice = try line.nonNegativeMoney("unitPrice", currency: currency) else {
            throw line.invalid("unitPrice", code: "missing_field", "\(line.pathOf("unitPrice")) is required")
        }
        var decoded = OrderLine(
            lineId: try line.string("lineId", maxLength: 128) ?? String(position),
            sku: try line.requiredString("sku", maxLength: 128),
            channelSku: try line.string("channelSku", maxLength: 128),
            title: try line.string("title"),
            quantity: quantity,
            unitPrice: unitPrice,
            discount: try line.nonNegativeMoney("discount", currency: currency) ?? 0,
            tax: try line.nonNegativeMoney("tax", currency: currency) ?? 0,
            charges: try line.nonNegativeMoney("charges", currency: currency),
            extras: try decodeExtras(line)
        )
        if let amount = try line.nonNegativeMoney("amount", currency: currency) {
            try checkStatedAmount(amount, of: decoded, line: line, exponent: currency.exponent)
            decoded.amount = amount
        }
        return decoded
    }

    /// A stated line amount may differ from quantity × unitPrice − discount + charges only by what rounding the unit
    /// price to the currency's minor unit explains: half a minor unit per item.
    func checkStatedAmount(_ amount: Int64, of line: OrderLine, line reader: FieldReader, exponent: Int) throws(PayloadError) {
        guard let computed = line.netAmount else {
            throw reader.invalid("amount", code: "invalid_amount", "quantity × unitPrice is out of range")
        }
        let (difference, overflow) = amount.subtractingReportingOverflow(computed)
        let allowed = (line.quantity + 1) / 2
        guard overflow || difference.magnitude > allowed.magnitude else { return }
        throw reader.invalid(
            "amount", code: "invalid_amount",
            "line amount \(MinorUnits.format(amount, exponent: exponent)) differs from quantity × unitPrice − discount + charges "
                + "\(MinorUnits.format(computed, exponent: exponent)) by more than rounding the unit price explains"
        )
    }

    func decodeBuyer(_ order: FieldReader) throws(PayloadError) -> Buyer? {
        guard let buyer = try order.object("buyer") else { return nil }
        return Buyer(
            id: try buyer.string("id", maxLength: 128), name: try buyer.string("name"),
            phone: try buyer.string("phone", maxLength: 64), email: try buyer.string("email", maxLength: 320)
        )
    }

    func decodeAddress(_ order: FieldReader) throws(PayloadError) -> Address? {
        guard let address = try order.object("shippingAddress") else { return nil }
        var street: [String] = []
        for line in try address.array("street") ?? [] {
            guard let text = line.value.scalarText else {
                throw PayloadError(.invalid, code: "invalid_type", message: "expected a string", field: line.path)
            }
            street.append(text)
        }
        let latitude = try address.double("lat")
        let longitude = try address.double("lon")
        if let latitude, !(-90...90).contains(latitude) {
            throw address.invalid("lat", code: "invalid_value", "latitude must be within -90...90")
        }
        if let longitude, !(-180...180).contains(longitude) {
            throw address.invalid("lon", code: "invalid_value", "longitude must be within -180...180")
        }
        return Address(
            country: try address.requiredString("country", maxLength: 64), province: try address.string("province"),
            city: try address.string("city"), district: try address.string("district"), street: street,
            postalCode: try address.string("postalCode", maxLength: 32), latitude: latitude, longitude: longitude,
            name: try address.string("name"), company: try address.string("company"), phone: try address.string("phone", maxLength: 64)
        )
    }

    func decodeFulfilment(_ order: FieldReader) throws(PayloadError) -> Fulfilment {
        guard let fulfilment = try order.object("fulfilment") else { return Fulfilment(mode: .ship) }
        let mode = try fulfilment.enumeration("mode", as: Fulfilment.Mode.self) ?? .ship
        let storeId = try fulfilment.string("storeId", maxLength: 128)
        if mode != .ship, storeId == nil {
            throw fulfilment.invalid("storeId", code: "missing_field", "\(mode.rawValue) needs a storeId")
        }
        return Fulfilment(mode: mode, storeId: storeId)
    }

    func decodeExtras(_ order: FieldReader) throws(PayloadError) -> JSONValue? {
        guard let extras = order.optional("extras") else { return nil }
        guard case .object = extras else { throw order.invalid("extras", code: "invalid_type", "expected an object") }
        return extras
    }

    func decodeLineQuantities(_ reader: FieldReader) throws(PayloadError) -> [LineQuantity] {
        var result: [LineQuantity] = []
        for line in try reader.array("lines") ?? [] {
            let quantity = try line.integer("quantity") ?? 0
            guard quantity > 0 else { throw line.invalid("quantity", code: "invalid_quantity", "quantity must be positive") }
            result.append(LineQuantity(lineId: try line.requiredString("lineId", maxLength: 128), quantity: quantity))
        }
        return result
    }
}
