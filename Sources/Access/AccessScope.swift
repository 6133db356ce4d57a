/// The scopes a client may hold and a token may carry.
public enum AccessScope {
    /// Read orders (masked personal data unless ``piiRead`` is also held).
    public static let ordersRead = "orders:read"
    /// Read the canonical event feed.
    public static let eventsRead = "events:read"
    /// Read personal data unmasked.
    public static let piiRead = "pii:read"
    /// Administer clients, limits, mappings, keys and dead letters.
    public static let admin = "admin"
    /// Write orders to every channel.
    public static let ordersWriteAny = "orders:write:*"

    /// The scope that allows writing orders to `channel`.
    public static func ordersWrite(_ channel: String) -> String { "orders:write:" + channel }

    /// True when `scope` is one ChannelGate knows.
    public static func isKnown(_ scope: String) -> Bool {
        if [ordersRead, eventsRead, piiRead, admin, ordersWriteAny].contains(scope) { return true }
        guard scope.hasPrefix("orders:write:") else { return false }
        let channel = scope.dropFirst("orders:write:".count)
        return !channel.isEmpty && channel.utf8.count <= 64 && channel.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }

    /// True when `granted` includes `required`, counting the write-to-every-channel scope for each channel.
    public static func allows(_ granted: Set<String>, _ required: String) -> Bool {
        granted.contains(required) || (required.hasPrefix("orders:write:") && granted.contains(ordersWriteAny))
    }

    /// Space-separated scope text (RFC 6749 §3.3) split into scopes.
    public static func parse(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
}
