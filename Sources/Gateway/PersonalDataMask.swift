import Access
import CanonicalModel
import Mapping

/// Personal data in JSON answers: opened from its encryption at rest for callers with `pii:read`, masked for the rest
/// (buyer name, phone and email, street lines, and coordinates, which pinpoint a home).
struct PersonalDataView: Sendable {
    let cipher: PersonalDataCipher?
    let accessRequired: Bool
    private static let reader = JSONReader(limits: .init(maxDepth: 256, maxBytes: 64 << 20))
    private static let addressKeys: Set<String> = ["shippingAddress", "billingAddress", "address"]

    /// `text` as `principal` may see it; unchanged when it holds no personal data.
    func apply(_ text: String, for principal: Principal?) -> String {
        let reveal = !accessRequired || principal?.mayReadPersonalData == true
        guard text.contains("\"buyer\"") || text.contains("ddress\"") else { return text }
        guard !reveal || cipher != nil else { return text }
        guard let value = try? Self.reader.parse(Array(text.utf8)) else { return text }
        return shown(value, reveal: reveal).jsonText
    }

    func shown(_ value: JSONValue, reveal: Bool) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { shown($0, reveal: reveal) })
        case .object(var members):
            for (key, member) in members {
                if key == "buyer", case .object(var buyer) = member {
                    for field in ["name", "phone", "email"] {
                        if case .string(let text)? = buyer[field] { buyer[field] = .string(shownField(text, kind: field, reveal: reveal)) }
                    }
                    members[key] = .object(buyer)
                } else if Self.addressKeys.contains(key), case .object(var address) = member {
                    if case .array(let lines)? = address["street"] {
                        address["street"] = .array(lines.map { line in
                            guard case .string(let text) = line else { return line }
                            return .string(reveal ? opened(text) : "***")
                        })
                    }
                    if !reveal {
                        address["latitude"] = nil
                        address["longitude"] = nil
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
    func shownField(_ text: String, kind: String, reveal: Bool) -> String {
        let plain = opened(text)
        return reveal ? plain : PersonalDataMask.mask(plain, field: kind)
    }

    /// The plaintext of a sealed value (a value stored before encryption is its own plaintext).
    func opened(_ text: String) -> String {
        guard PersonalDataCipher.isSealed(text) else { return text }
        return cipher?.openText(text) ?? "***"
    }
}

/// How a personal value is masked.
enum PersonalDataMask {
    /// Keeps just enough to recognise a value: a name's first character, a phone's last four digits, an email's domain.
    static func mask(_ text: String, field: String) -> String {
        switch field {
        case "phone":
            let digits = text.filter(\.isNumber)
            return digits.count > 4 ? "***" + digits.suffix(4) : "***"
        case "email":
            guard let at = text.firstIndex(of: "@") else { return "***" }
            return String(text.prefix(1)) + "***" + text[at...]
        default:
            return text.isEmpty ? text : String(text.prefix(1)) + "**"
        }
    }
}
