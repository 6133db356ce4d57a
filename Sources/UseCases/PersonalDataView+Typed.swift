import CanonicalModel
import Storage

extension PersonalDataView {
    /// `order` as `principal` may see it: personal values opened or masked, coordinates left out when masked.
    public func shown(_ order: CanonicalOrder, for principal: Principal?) -> CanonicalOrder {
        let reveal = mayReveal(to: principal)
        var shown = PersonalDataPolicy.transformingPersonalText(of: order) { text, kind in shownField(text, kind: kind, reveal: reveal) }
        if !reveal, var address = shown.shippingAddress {
            address.latitude = nil
            address.longitude = nil
            shown.shippingAddress = address
        }
        return shown
    }

    /// `event` as `principal` may see it.
    public func shown(_ event: StoredEvent, for principal: Principal?) -> StoredEvent {
        var event = event
        switch event.data {
        case .order(let order): event.data = .order(shown(order, for: principal))
        case .payload(let value): event.data = .payload(shown(value, reveal: mayReveal(to: principal)))
        }
        return event
    }

    /// The order view as `principal` may see it: its order and every order in its timeline.
    public func shown(_ view: OrderView, for principal: Principal?) -> OrderView {
        var view = view
        view.order = view.order.map { shown($0, for: principal) }
        view.timeline = view.timeline.map { shown($0, for: principal) }
        return view
    }
}
