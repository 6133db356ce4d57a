import CanonicalModel
import Mapping

/// Masks personal data in JSON answers for callers without `pii:read`: buyer name, phone and email, street lines,
/// and coordinates (which pinpoint a home).
enum PersonalDataMask {
    private static let reader = JSONReader(limits: .init(maxDepth: 256, maxBytes: 64 << 20))
    private static let addressKeys: Set<String> = ["shippingAddress", "billingAddress", "address"]

    /// `text` with personal data masked when `principal` may not read it; unchanged otherwise or when it holds none.
    static func apply(_ text: String, for principal: Principal?, accessRequired: Bool) -> String {
        guard accessRequired, principal?.mayReadPersonalData != true else { return text }
        guard text.contains("\"buyer\"") || text.contains("ddress\"") else { return text }
        guard let value = try? reader.parse(Array(text.utf8)) else { return text }
        return masked(value).jsonText
    }

    static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(masked))
        case .object(var members):
            for (key, member) in members {
                if key == "buyer", case .object(var buyer) = member {
                    for field in ["name", "phone", "email"] {
                        if case .string(let text)? = buyer[field] { buyer[field] = .string(mask(text, field: field)) }
                    }
                    members[key] = .object(buyer)
                } else if addressKeys.contains(key), case .object(var address) = member {
                    if case .array(let lines)? = address["street"] { address["street"] = .array(lines.map { _ in .string("***") }) }
                    address["latitude"] = nil
                    address["longitude"] = nil
                    members[key] = .object(address)
                } else {
                    members[key] = masked(member)
                }
            }
            return .object(members)
        default: return value
        }
    }

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
