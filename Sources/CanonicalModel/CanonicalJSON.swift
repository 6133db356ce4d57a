/// The JSON text of canonical orders and event payloads, keys sorted, money in minor units, dates UTC RFC 3339.
public enum CanonicalJSON {
    /// The whole canonical order.
    public static func text(of order: CanonicalOrder) -> String {
        var writer = JSONTextWriter(capacity: 1536)
        writer.beginObject()
        writer.beginObject("amounts")
        writer.integer("discount", order.amounts.discount)
        writer.integer("shipping", order.amounts.shipping)
        writer.integer("subtotal", order.amounts.subtotal)
        writer.integer("tax", order.amounts.tax)
        writer.integer("total", order.amounts.total)
        writer.endObject()
        if let buyer = order.buyer {
            writer.beginObject("buyer")
            writer.string("email", buyer.email)
            writer.string("id", buyer.id)
            writer.string("name", buyer.name)
            writer.string("phone", buyer.phone)
            writer.endObject()
        }
        writer.string("channel", order.channel)
        writer.string("channelOrderId", order.channelOrderId)
        writer.date("channelUpdatedAt", order.channelUpdatedAt)
        writer.string("currency", order.currency.code)
        writer.value("extras", order.extras)
        writer.beginObject("fulfilment")
        writer.string("mode", order.fulfilment.mode.rawValue)
        writer.string("storeId", order.fulfilment.storeId)
        writer.endObject()
        writer.beginArray("lines")
        for line in order.lines {
            writer.beginObject()
            writer.integer("amount", line.amount)
            writer.string("channelSku", line.channelSku)
            writer.integer("charges", line.charges)
            writer.integer("discount", line.discount)
            writer.value("extras", line.extras)
            writer.string("lineId", line.lineId)
            writer.integer("quantity", line.quantity)
            writer.string("sku", line.sku)
            writer.integer("tax", line.tax)
            writer.string("title", line.title)
            writer.integer("unitPrice", line.unitPrice)
            writer.endObject()
        }
        writer.endArray()
        writer.string("orderId", order.orderId)
        writer.string("parentChannelOrderId", order.parentChannelOrderId)
        writer.string("parentOrderId", order.parentOrderId)
        writer.date("placedAt", order.placedAt)
        writer.bool("pricesIncludeTax", order.pricesIncludeTax)
        if let address = order.shippingAddress {
            writer.beginObject("shippingAddress")
            writer.string("city", address.city)
            writer.string("company", address.company)
            writer.string("country", address.country)
            writer.string("district", address.district)
            writer.double("latitude", address.latitude)
            writer.double("longitude", address.longitude)
            writer.string("name", address.name)
            writer.string("phone", address.phone)
            writer.string("postalCode", address.postalCode)
            writer.string("province", address.province)
            writer.beginArray("street")
            for line in address.street { writer.element(line) }
            writer.endArray()
            writer.endObject()
        }
        writer.string("status", order.status.rawValue)
        writer.string("tenant", order.tenant)
        writer.endObject()
        return writer.text
    }

    /// The CloudEvents `data` of an event: the order itself, or `{channelOrderId, orderId, <kind>: payload}`.
    public static func data(of body: EventBody, orderId: String, channelOrderId: String) -> String {
        if case .order(let order) = body { return text(of: order) }
        if case .routing(let json) = body { return json }
        var writer = JSONTextWriter(capacity: 512)
        writer.beginObject()
        switch body {
        case .order:
            break
        case .cancellation(let cancellation):
            writer.beginObject("cancellation")
            writer.date("cancelledAt", cancellation.cancelledAt)
            writer.string("reason", cancellation.reason)
            writer.endObject()
        default:
            break
        }
        writer.string("channelOrderId", channelOrderId)
        writer.string("orderId", orderId)
        switch body {
        case .payment(let payment):
            writer.beginObject("payment")
            writer.integer("amount", payment.amount)
            writer.string("currency", payment.currency.code)
            writer.string("method", payment.method)
            writer.date("paidAt", payment.paidAt)
            writer.string("transactionId", payment.transactionId)
            writer.endObject()
        case .returnRequest(let request):
            writer.beginObject("return")
            appendLines(request.lines, to: &writer)
            writer.string("reason", request.reason)
            writer.date("requestedAt", request.requestedAt)
            writer.string("returnId", request.returnId)
            writer.endObject()
        case .shipment(let shipment):
            writer.beginObject("shipment")
            writer.string("carrier", shipment.carrier)
            appendLines(shipment.lines, to: &writer)
            writer.date("shippedAt", shipment.shippedAt)
            writer.string("shipmentId", shipment.shipmentId)
            writer.string("status", shipment.status.rawValue)
            writer.string("trackingNumber", shipment.trackingNumber)
            writer.endObject()
        default:
            break
        }
        writer.endObject()
        return writer.text
    }

    private static func appendLines(_ lines: [LineQuantity], to writer: inout JSONTextWriter) {
        writer.beginArray("lines")
        for line in lines {
            writer.beginObject()
            writer.string("lineId", line.lineId)
            writer.integer("quantity", line.quantity)
            writer.endObject()
        }
        writer.endArray()
    }
}
