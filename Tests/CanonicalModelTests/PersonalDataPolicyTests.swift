import CanonicalModel
import Foundation
import Testing

/// The personal-data policy names the model's real members, and sealing touches exactly what masking hides.
@Suite struct PersonalDataPolicyTests {
    static func members(of order: CanonicalOrder) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(CanonicalJSON.text(of: order).utf8)) as? [String: Any])
    }

    @Test func theNamedMembersAreWhereTheModelWritesPersonalData() throws {
        let order = CanonicalJSONTests.order
        let sealed = PersonalDataPolicy.transformingPersonalText(of: order) { text, kind in "<" + kind.rawValue + ">" + text }
        let plain = try Self.members(of: order)
        let changed = try Self.members(of: sealed)
        // Every member the policy names for masking exists in the written order and was transformed for sealing.
        let buyer = try #require(changed[PersonalDataPolicy.buyerMember] as? [String: Any])
        let plainBuyer = try #require(plain[PersonalDataPolicy.buyerMember] as? [String: Any])
        for (field, kind) in PersonalDataPolicy.buyerFields where plainBuyer[field] != nil {
            #expect(buyer[field] as? String == "<\(kind.rawValue)>" + (plainBuyer[field] as? String ?? ""))
        }
        #expect(buyer["id"] as? String == plainBuyer["id"] as? String, "the buyer id is not personal data")
        for member in PersonalDataPolicy.addressMembers {
            let address = try #require(changed[member] as? [String: Any], "\(member) is an order member")
            let lines = try #require(address[PersonalDataPolicy.streetMember] as? [String])
            #expect(lines.allSatisfy { $0.hasPrefix("<street>") })
            let plainAddress = try #require(plain[member] as? [String: Any])
            for (field, kind) in PersonalDataPolicy.addressFields {
                let original = try #require(plainAddress[field] as? String, "\(member).\(field) is written")
                #expect(address[field] as? String == "<\(kind.rawValue)>" + original)
            }
            for coordinate in PersonalDataPolicy.coordinateMembers { #expect(address[coordinate] is Double) }
            #expect(address["city"] as? String == "Kuwait City")
        }
        // Nothing outside the policy changed.
        var restored = changed
        restored[PersonalDataPolicy.buyerMember] = plain[PersonalDataPolicy.buyerMember]
        for member in PersonalDataPolicy.addressMembers { restored[member] = plain[member] }
        for key in Set(plain.keys).union(restored.keys) {
            let before = try JSONSerialization.data(withJSONObject: [plain[key] ?? NSNull()], options: .sortedKeys)
            let after = try JSONSerialization.data(withJSONObject: [restored[key] ?? NSNull()], options: .sortedKeys)
            #expect(before == after, "\(key) changed")
        }
    }

    @Test func masksKeepJustEnoughToRecogniseAValue() {
        #expect(PersonalDataPolicy.mask("13800138000", kind: .phone) == "***8000")
        #expect(PersonalDataPolicy.mask("ahmad@example.com", kind: .email) == "a***@example.com")
        #expect(PersonalDataPolicy.mask("王小明", kind: .name) == "王**")
        #expect(PersonalDataPolicy.mask("Block 1", kind: .street) == "***")
    }
}
