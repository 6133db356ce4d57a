import UseCases
import Access
import Gateway
import Testing

/// Masking answers follows the personal-data policy and never fails open.
@Suite struct PersonalDataViewTests {
    let view = PersonalDataView(cipher: nil, accessRequired: true)

    @Test func buyerAndStreetAreMaskedWherePolicyNamesThem() throws {
        let text = """
            {"data":{"buyer":{"id":"b1","name":"Wang","phone":"13800138000"},"shippingAddress":{"city":"Hangzhou","street":["No. 1"],"latitude":30.2}}}
            """
        let shown = try view.apply(text, for: nil)
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
}
