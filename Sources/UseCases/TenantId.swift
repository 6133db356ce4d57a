/// The rule for tenant ids, the same wherever one enters (header, client registry, configuration).
public enum TenantId {
    /// True for 1-64 ASCII letters, digits, `-` or `_`.
    public static func isValid(_ tenant: String) -> Bool {
        !tenant.isEmpty && tenant.utf8.count <= 64 && tenant.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
