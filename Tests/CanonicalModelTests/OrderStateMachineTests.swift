import CanonicalModel
import Foundation
import Testing

@Suite struct OrderStateMachineTests {
    static let cny = Currency(code: "CNY")!

    func event(_ body: EventBody, type: EventType) -> ChannelEvent {
        ChannelEvent(type: type, channelOrderId: "1", body: body)
    }

    var payment: ChannelEvent {
        event(.payment(Payment(amount: 100, currency: Self.cny, paidAt: Date())), type: .paymentConfirmed)
    }

    func shipment(_ status: Shipment.Status) -> ChannelEvent {
        event(.shipment(Shipment(status: status)), type: .shipmentUpdated)
    }

    var cancellation: ChannelEvent { event(.cancellation(Cancellation()), type: .orderCancelled) }
    var returnRequest: ChannelEvent { event(.returnRequest(ReturnRequest()), type: .returnRequested) }

    @Test func happyPathMovesForward() {
        #expect(OrderStateMachine.outcome(of: payment, on: .created) == .moveTo(.paid))
        #expect(OrderStateMachine.outcome(of: shipment(.shipped), on: .paid) == .moveTo(.shipped))
        #expect(OrderStateMachine.outcome(of: shipment(.delivered), on: .shipped) == .moveTo(.delivered))
        #expect(OrderStateMachine.outcome(of: returnRequest, on: .delivered) == .moveTo(.returnRequested))
    }

    @Test func neverMovesBackwards() {
        #expect(OrderStateMachine.outcome(of: payment, on: .shipped) == .keep)
        #expect(OrderStateMachine.outcome(of: shipment(.shipped), on: .delivered) == .keep)
    }

    @Test func impossibleTransitionsAreConflicts() {
        guard case .conflict = OrderStateMachine.outcome(of: shipment(.shipped), on: .cancelled) else {
            Issue.record("shipping a cancelled order must be a conflict")
            return
        }
        guard case .conflict = OrderStateMachine.outcome(of: cancellation, on: .shipped) else {
            Issue.record("cancelling a shipped order must be a conflict")
            return
        }
        guard case .conflict = OrderStateMachine.outcome(of: returnRequest, on: .paid) else {
            Issue.record("returning an unshipped order must be a conflict")
            return
        }
    }

    @Test func anUpdateSayingCancelledOnAShippedOrderIsAConflict() {
        let order = CanonicalOrder(
            orderId: "o", tenant: "t", channel: "c", channelOrderId: "1", status: .cancelled, placedAt: Date(),
            currency: Self.cny, amounts: OrderAmounts(subtotal: 1, discount: 0, shipping: 0, tax: 0, total: 1),
            lines: [OrderLine(lineId: "1", sku: "s", quantity: 1, unitPrice: 1)]
        )
        let update = event(.order(order), type: .orderUpdated)
        guard case .conflict = OrderStateMachine.outcome(of: update, on: .shipped) else {
            Issue.record("an update to cancelled after shipping must be a conflict")
            return
        }
        #expect(OrderStateMachine.outcome(of: update, on: .paid) == .moveTo(.cancelled))
    }

    @Test func cancellingTwiceIsHarmless() {
        #expect(OrderStateMachine.outcome(of: cancellation, on: .cancelled) == .moveTo(.cancelled))
        #expect(OrderStateMachine.outcome(of: cancellation, on: .paid) == .moveTo(.cancelled))
    }

    @Test func versionsCompareBySequenceThenTime() {
        let early = Date(timeIntervalSince1970: 100)
        let late = Date(timeIntervalSince1970: 200)
        #expect(OrderVersion(channelSequence: 1, channelUpdatedAt: late).isOlder(than: OrderVersion(channelSequence: 2, channelUpdatedAt: early)))
        #expect(!OrderVersion(channelSequence: 3, channelUpdatedAt: early).isOlder(than: OrderVersion(channelSequence: 2, channelUpdatedAt: late)))
        #expect(OrderVersion(channelSequence: nil, channelUpdatedAt: early).isOlder(than: OrderVersion(channelSequence: 2, channelUpdatedAt: late)))
        #expect(!OrderVersion(channelSequence: nil, channelUpdatedAt: nil).isOlder(than: OrderVersion(channelSequence: 2, channelUpdatedAt: late)))
    }
}
