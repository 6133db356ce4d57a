/// The one list of personal data in a canonical order: what ingest seals at rest and what answers mask.
///
/// Names are the canonical order's JSON members (``CanonicalJSON/text(of:)``); a test holds them to the model.
public enum PersonalDataPolicy {
    /// What a personal value is, which decides its mask.
    public enum Kind: String, Sendable, CaseIterable {
        case name
        case phone
        case email
        /// One street line of an address.
        case street
    }

    /// The order member holding the ``Buyer``.
    public static let buyerMember = "buyer"
    /// The personal members of a ``Buyer`` and what each is.
    public static let buyerFields: [(member: String, kind: Kind)] = [("name", .name), ("phone", .phone), ("email", .email)]
    /// The order members holding an ``Address``: its street lines are personal.
    public static let addressMembers: Set<String> = ["shippingAddress"]
    /// The personal members of an ``Address`` besides its street lines, and what each is.
    public static let addressFields: [(member: String, kind: Kind)] = [("name", .name), ("company", .name), ("phone", .phone)]
    /// The address members holding an array of street lines.
    public static let streetMember = "street"
    /// Address members that pinpoint a home: kept at rest (routing needs them), left out of masked answers.
    public static let coordinateMembers = ["latitude", "longitude"]

    /// `order` with every personal text value passed through `transform` (sealing at rest, opening for display).
    public static func transformingPersonalText(of order: CanonicalOrder, _ transform: (String, Kind) -> String) -> CanonicalOrder {
        var order = order
        if var buyer = order.buyer {
            buyer.name = buyer.name.map { transform($0, .name) }
            buyer.phone = buyer.phone.map { transform($0, .phone) }
            buyer.email = buyer.email.map { transform($0, .email) }
            order.buyer = buyer
        }
        if var address = order.shippingAddress {
            address.street = address.street.map { transform($0, .street) }
            address.name = address.name.map { transform($0, .name) }
            address.company = address.company.map { transform($0, .name) }
            address.phone = address.phone.map { transform($0, .phone) }
            order.shippingAddress = address
        }
        return order
    }

    /// What a caller without `pii:read` sees: a name's first character, a phone's last four digits, an email's domain.
    public static func mask(_ text: String, kind: Kind) -> String {
        switch kind {
        case .phone:
            let digits = text.filter(\.isNumber)
            return digits.count > 4 ? "***" + digits.suffix(4) : "***"
        case .email:
            guard let at = text.firstIndex(of: "@") else { return "***" }
            return String(text.prefix(1)) + "***" + text[at...]
        case .street:
            return "***"
        case .name:
            return text.isEmpty ? text : String(text.prefix(1)) + "**"
        }
    }
}
