import Access
import CanonicalModel
import Mapping

/// Personal data in JSON answers, as ``PersonalDataPolicy`` names it: opened from its encryption at rest for callers with
/// `pii:read`, masked for the rest. An answer that cannot be read is never shown unmasked.
public struct PersonalDataView: Sendable {
    let cipher: PersonalDataCipher?
    let accessRequired: Bool

    /// A view opening sealed values with `cipher`; with `accessRequired` off every caller may read personal data.
    public init(cipher: PersonalDataCipher?, accessRequired: Bool) {
        self.cipher = cipher
        self.accessRequired = accessRequired
    }
    private static let reader = JSONReader(limits: .init(maxDepth: 256, maxBytes: 64 << 20))
    /// Quoted member names whose presence means a text may hold personal data.
    private static let markers = ["\"" + PersonalDataPolicy.buyerMember + "\""] + PersonalDataPolicy.addressMembers.map { "\"" + $0 + "\"" }

    /// Thrown when an answer holding personal data cannot be parsed to mask it.
    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String { "an answer holding personal data could not be read to mask it; nothing was shown" }
    }

    /// `text` as `principal` may see it; unchanged when it holds no personal data.
    public func apply(_ text: String, for principal: Principal?) throws(Unreadable) -> String {
        let reveal = mayReveal(to: principal)
        guard Self.markers.contains(where: text.contains) else { return text }
        guard !reveal || cipher != nil else { return text }
        guard let value = try? Self.reader.parse(Array(text.utf8)) else { throw Unreadable() }
        return shown(value, reveal: reveal).jsonText
    }

    /// True when `principal` sees personal data in plain text.
    func mayReveal(to principal: Principal?) -> Bool {
        !accessRequired || principal?.mayReadPersonalData == true
    }

    func shown(_ value: JSONValue, reveal: Bool) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { shown($0, reveal: reveal) })
        case .object(var members):
            for (key, member) in members {
                if key == PersonalDataPolicy.buyerMember, case .object(var buyer) = member {
                    for (field, kind) in PersonalDataPolicy.buyerFields {
                        if case .string(let text)? = buyer[field] { buyer[field] = .string(shownField(text, kind: kind, reveal: reveal)) }
                    }
                    members[key] = .object(buyer)
                } else if PersonalDataPolicy.addressMembers.contains(key), case .object(var address) = member {
                    if case .array(let lines)? = address[PersonalDataPolicy.streetMember] {
                        address[PersonalDataPolicy.streetMember] = .array(lines.map { line in
                            guard case .string(let text) = line else { return line }
                            return .string(shownField(text, kind: .street, reveal: reveal))
                        })
                    }
                    for (field, kind) in PersonalDataPolicy.addressFields {
                        if case .string(let text)? = address[field] { address[field] = .string(shownField(text, kind: kind, reveal: reveal)) }
                    }
                    if !reveal {
                        for coordinate in PersonalDataPolicy.coordinateMembers { address[coordinate] = nil }
                    }
                    members[key] = .object(address)
                } else {
                    members[key] = shown(member, reveal: reveal)
                }
            }
            return .object(members)
        default: return value
        }
    }

    /// One personal field: its plaintext when revealed, else its mask.
    func shownField(_ text: String, kind: PersonalDataPolicy.Kind, reveal: Bool) -> String {
        let plain = opened(text)
        return reveal ? plain : PersonalDataPolicy.mask(plain, kind: kind)
    }

    /// The plaintext of a sealed value (a value stored before encryption is its own plaintext).
    func opened(_ text: String) -> String {
        guard PersonalDataCipher.isSealed(text) else { return text }
        return cipher?.openText(text) ?? "***"
    }
}
