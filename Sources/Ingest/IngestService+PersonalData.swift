import CanonicalModel

extension IngestService {
    /// `body` with the buyer's name, phone and email and the street lines sealed, for storage.
    func sealed(_ body: EventBody) -> EventBody {
        guard let seal = sealPersonalData, case .order(var order) = body else { return body }
        if var buyer = order.buyer {
            buyer.name = buyer.name.map(seal)
            buyer.phone = buyer.phone.map(seal)
            buyer.email = buyer.email.map(seal)
            order.buyer = buyer
        }
        if var address = order.shippingAddress {
            address.street = address.street.map(seal)
            order.shippingAddress = address
        }
        return .order(order)
    }
}
