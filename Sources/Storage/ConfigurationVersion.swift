/// A number that changes with every write to configuration: mappings, clients, signing keys, rate-limit overrides,
/// routing policies and node state. Another process compares it to know whether to read them again.
public protocol ConfigurationVersion: AnyObject, Sendable {
    /// The current configuration version; it only grows.
    func configurationVersion() throws(StoreError) -> Int64
}
