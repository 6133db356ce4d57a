/// What every console page shows around its content: title, navigation, who is signed in, the form token, a message.
public struct ConsoleChrome: Sendable {
    /// One link of the navigation bar.
    public struct NavLink: Sendable {
        public let id: String
        public let href: String
        public let label: String
        public let current: Bool
    }

    /// The screens of the navigation bar, in order.
    public enum Section: String, Sendable, CaseIterable {
        case channels, deadLetters, mappings, held, orders, forecasts, routing, operations

        var link: (id: String, href: String, label: String) {
            switch self {
            case .channels: ("nav-channels", "/console", "Channels")
            case .deadLetters: ("nav-dead-letters", "/console/dead-letters", "Dead letters")
            case .mappings: ("nav-mappings", "/console/mappings", "Mappings")
            case .held: ("nav-held", "/console/held", "Held orders")
            case .orders: ("nav-orders", "/console/orders", "Orders")
            case .forecasts: ("nav-forecasts", "/console/forecasts", "Forecasts")
            case .routing: ("nav-routing", "/console/routing", "Routing")
            case .operations: ("nav-operations", "/console/operations", "Operations")
            }
        }
    }

    public let title: String
    public let nav: [NavLink]
    /// The signed-in client id; nil on the sign-in page.
    public let who: String?
    /// The token every form carries back (CSRF).
    public let csrf: String
    public let flashOk: String?
    public let flashError: String?
    /// `sign-in` on the sign-in page, to style it apart.
    public let bodyClass: String?

    /// Creates the chrome of a page of `section`.
    public init(
        title: String, section: Section?, who: String?, csrf: String, flashOk: String? = nil, flashError: String? = nil, bodyClass: String? = nil
    ) {
        self.title = title
        self.nav = who == nil ? [] : Section.allCases.map { item in
            let link = item.link
            return NavLink(id: link.id, href: link.href, label: link.label, current: item == section)
        }
        self.who = who
        self.csrf = csrf
        self.flashOk = flashOk
        self.flashError = flashError
        self.bodyClass = bodyClass
    }
}
