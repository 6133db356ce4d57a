import CanonicalModel
import Foundation
import Storage
import Testing

/// How every backend settles the ids ingested events only propose: an order keeps the id it was first given.
@Suite struct OrderIdConformanceTests {
    /// An ingested order event for channel order `channelOrderId`, proposing `proposed` with derived id `derived`.
    static func ingested(
        _ channelOrderId: String, proposed: String, derived: String, parent: (channelOrderId: String, derived: String)? = nil
    ) -> PendingEvent {
        let order = CanonicalOrder(
            orderId: proposed, tenant: Samples.tenant, channel: Samples.channel, channelOrderId: channelOrderId, status: .paid,
            placedAt: Date(timeIntervalSince1970: 1_800_000_000), currency: Samples.currency,
            amounts: OrderAmounts(subtotal: 100, discount: 0, shipping: 0, tax: 0, total: 100),
            lines: [OrderLine(lineId: "1", sku: "s", quantity: 1, unitPrice: 100)],
            parentOrderId: parent?.derived, parentChannelOrderId: parent?.channelOrderId
        )
        let event = ChannelEvent(type: .orderCreated, channelOrderId: channelOrderId, channelSequence: nil, body: .order(order))
        var pending = PendingEvent(
            id: UUID().uuidString, orderId: proposed, parentOrderId: parent?.derived, event: event,
            dataJSON: CanonicalJSON.data(of: .order(order), orderId: proposed, channelOrderId: channelOrderId)
        )
        pending.derivedOrderId = derived
        return pending
    }

    @Test(arguments: Backend.all) func aLaterEventOfAnOrderKeepsItsFirstId(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = try await Samples.append([Self.ingested("A-1", proposed: "ord_new1", derived: "ord_derived1")], key: "m1", to: store)
            #expect(first.events.map(\.orderId) == ["ord_new1"])
            let second = try await Samples.append([Self.ingested("A-1", proposed: "ord_new2", derived: "ord_derived1")], key: "m2", to: store)
            #expect(second.events.map(\.orderId) == ["ord_new1"])
            #expect(second.events.first?.sequence == 2)
            let view = try #require(try store.order(tenant: Samples.tenant, id: "ord_new1"))
            #expect(view.timeline.count == 2)
            #expect(view.order?.orderId == "ord_new1", "the stored event text names the order's first id")
            #expect(try store.order(tenant: Samples.tenant, id: "ord_new2") == nil)
        }
    }

    @Test(arguments: Backend.all) func eventsOfOneOrderInOneMessageShareItsId(backend: Backend) async throws {
        try await backend.withStore { store in
            let result = try await Samples.append(
                [
                    Self.ingested("A-1", proposed: "ord_a", derived: "ord_da"), Self.ingested("A-1", proposed: "ord_b", derived: "ord_da"),
                ],
                key: "m1", to: store
            )
            #expect(result.events.map(\.orderId) == ["ord_a", "ord_a"])
            #expect(result.events.map(\.sequence) == [1, 2])
        }
    }

    @Test(arguments: Backend.all) func aChildNamesItsStoredParentsId(backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await Samples.append([Self.ingested("P-1", proposed: "ord_parent", derived: "ord_dparent")], key: "m1", to: store)
            let child = try await Samples.append(
                [Self.ingested("P-1-a", proposed: "ord_child", derived: "ord_dchild", parent: ("P-1", "ord_dparent"))], key: "m2", to: store
            )
            #expect(child.events.map(\.orderId) == ["ord_child"])
            let childView = try #require(try store.order(tenant: Samples.tenant, id: "ord_child"))
            #expect(childView.parentOrderId == "ord_parent")
            #expect(childView.order?.parentOrderId == "ord_parent", "the stored event text names the parent's id")
            #expect(try store.order(tenant: Samples.tenant, id: "ord_parent")?.childOrderIds == ["ord_child"])
        }
    }

    @Test(arguments: Backend.all) func aParentArrivingAfterItsChildTakesTheIdTheChildNamed(backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await Samples.append(
                [Self.ingested("P-1-a", proposed: "ord_child", derived: "ord_dchild", parent: ("P-1", "ord_dparent"))], key: "m1", to: store
            )
            let parent = try await Samples.append([Self.ingested("P-1", proposed: "ord_parent", derived: "ord_dparent")], key: "m2", to: store)
            #expect(parent.events.map(\.orderId) == ["ord_dparent"])
            #expect(try store.order(tenant: Samples.tenant, id: "ord_dparent")?.childOrderIds == ["ord_child"])
            // Both in one message, the child first: the same.
            let both = try await Samples.append(
                [
                    Self.ingested("Q-1-a", proposed: "ord_qchild", derived: "ord_dqchild", parent: ("Q-1", "ord_dq")),
                    Self.ingested("Q-1", proposed: "ord_q", derived: "ord_dq"),
                ],
                key: "m3", to: store
            )
            #expect(both.events.map(\.orderId) == ["ord_qchild", "ord_dq"])
            #expect(try store.order(tenant: Samples.tenant, id: "ord_dq")?.childOrderIds == ["ord_qchild"])
        }
    }

    @Test(arguments: Backend.all) func anOrderStoredUnderItsDerivedIdKeepsIt(backend: Backend) async throws {
        try await backend.withStore { store in
            // As orders were stored before ids were time-ordered: the derived id, final.
            var legacy = Self.ingested("L-1", proposed: "ord_dlegacy", derived: "ord_dlegacy")
            legacy.derivedOrderId = nil
            _ = try await Samples.append([legacy], key: "m1", to: store)
            let update = try await Samples.append([Self.ingested("L-1", proposed: "ord_fresh", derived: "ord_dlegacy")], key: "m2", to: store)
            #expect(update.events.map(\.orderId) == ["ord_dlegacy"])
            #expect(try store.order(tenant: Samples.tenant, id: "ord_dlegacy")?.timeline.count == 2)
        }
    }

    @Test(arguments: Backend.all) func tenantsAndChannelsKeepTheirOwnOrders(backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await Samples.append([Self.ingested("A-1", proposed: "ord_t1", derived: "ord_d1")], key: "m1", to: store)
            let other = try await Samples.append(
                [Self.ingested("A-1", proposed: "ord_t2", derived: "ord_d2")], key: "m1", to: store, tenant: "t2"
            )
            #expect(other.events.map(\.orderId) == ["ord_t2"])
            var elsewhere = Self.ingested("A-1", proposed: "ord_c2", derived: "ord_d3")
            elsewhere.orderChannel = "other-shop"
            let moved = try await Samples.append([elsewhere], key: "m2", to: store)
            #expect(moved.events.map(\.orderId) == ["ord_c2"])
        }
    }
}
