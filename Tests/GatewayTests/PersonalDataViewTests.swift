import UseCases
import Access
import Gateway
import CanonicalModel
import Foundation
import Testing

/// Masking answers follows the personal-data policy and never fails open.
@Suite struct PersonalDataViewTests {
    let view = PersonalDataView(cipher: nil, accessRequired: true)

    @Test func buyerAndStreetAreMaskedWherePolicyNamesThem() throws {
        let text = """
            {"data":{"buyer":{"id":"b1","name":"Wang","phone":"13800138000"},"shippingAddress":{"city":"Hangzhou","street":["No. 1"],"latitude":30.2,"name":"Li Lei","company":"Lotus Tea","phone":"13900139000"}}}
            """
        let shown = try view.apply(text, for: nil)
        #expect(shown.contains("\"name\":\"L**\"") && shown.contains("\"company\":\"L**\"") && shown.contains("\"phone\":\"***9000\""))
        #expect(!shown.contains("Li Lei") && !shown.contains("Lotus"))
        #expect(shown.contains("\"name\":\"W**\""))
        #expect(shown.contains("\"phone\":\"***8000\""))
        #expect(shown.contains("\"street\":[\"***\"]"))
        #expect(!shown.contains("latitude"))
        #expect(shown.contains("\"id\":\"b1\"") && shown.contains("Hangzhou"))
    }

    @Test func anAnswerThatCannotBeReadIsNeverShownUnmasked() {
        let broken = "{\"buyer\":{\"name\":\"Wang Xiaoming\",\"phone\":\"13800138000\"}"
        #expect(throws: PersonalDataView.Unreadable.self) { try view.apply(broken, for: nil) }
    }

    @Test func aCallerWithPIIReadSeesPlainValues() throws {
        let text = "{\"buyer\":{\"name\":\"Wang\"}}"
        let reader = Principal(clientId: "ops", tenant: "t1", scopes: [AccessScope.piiRead])
        #expect(try view.apply(text, for: reader) == text)
    }

    static let order = CanonicalOrder(
        orderId: "ord_1", tenant: "t1", channel: "shop", channelOrderId: "A-1", status: .paid, placedAt: Date(timeIntervalSince1970: 0),
        currency: Currency(code: "CNY")!, amounts: OrderAmounts(subtotal: 100, discount: 0, shipping: 0, tax: 0, total: 100),
        buyer: Buyer(id: "b1", name: "Wang", phone: "13800138000", email: "wang@example.com"),
        shippingAddress: Address(
            country: "CN", city: "Hangzhou", street: ["No. 1"], latitude: 30.2, longitude: 120.1,
            name: "Li Lei", company: "Lotus Tea", phone: "13900139000"
        ),
        lines: []
    )

    @Test func aTypedOrderIsMaskedByTheSamePolicy() {
        let shown = view.shown(Self.order, for: nil)
        #expect(shown.buyer?.name == "W**")
        #expect(shown.buyer?.phone == "***8000")
        #expect(shown.buyer?.email == "w***@example.com")
        #expect(shown.buyer?.id == "b1")
        #expect(shown.shippingAddress?.street == ["***"])
        #expect(shown.shippingAddress?.latitude == nil && shown.shippingAddress?.longitude == nil)
        #expect(shown.shippingAddress?.city == "Hangzhou")
        #expect(shown.shippingAddress?.name == "L**" && shown.shippingAddress?.company == "L**")
        #expect(shown.shippingAddress?.phone == "***9000")
        let reader = Principal(clientId: "ops", tenant: "t1", scopes: [AccessScope.piiRead])
        #expect(view.shown(Self.order, for: reader) == Self.order)
    }

    @Test func aSealedValueWithoutItsKeyIsNeverShown() throws {
        let cipher = try PersonalDataCipher(keys: [(id: "k1", bytes: [UInt8](repeating: 7, count: 32))])
        var sealed = Self.order
        sealed.buyer?.name = cipher.sealText("Wang")
        let opening = PersonalDataView(cipher: cipher, accessRequired: true)
        let reader = Principal(clientId: "ops", tenant: "t1", scopes: [AccessScope.piiRead])
        #expect(opening.shown(sealed, for: reader).buyer?.name == "Wang")
        #expect(opening.shown(sealed, for: nil).buyer?.name == "W**")
        #expect(view.shown(sealed, for: reader).buyer?.name == "***")
    }
}
