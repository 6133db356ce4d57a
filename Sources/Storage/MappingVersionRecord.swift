import CanonicalModel
/// One published version of a channel's mapping for a tenant.
public struct MappingVersionRecord: Sendable, Equatable {
    public var channel: String
    public var version: Int64
    public var source: String
    public var author: String
    public var publishedAt: String
    /// Line diff against the previous version (`-`/`+` lines), empty for the first.
    public var diff: String
    /// True when this is the tenant's active version of the channel.
    public var active: Bool
    /// The contract tests published with this version (besides the channel's folder), run again by later publishes.
    public var contractTests: [ContractTestCase]

    /// Creates a MappingVersionRecord from its parts.
    public init(
        channel: String, version: Int64, source: String, author: String, publishedAt: String, diff: String, active: Bool, contractTests: [ContractTestCase] = []
    ) {
        self.channel = channel
        self.version = version
        self.source = source
        self.author = author
        self.publishedAt = publishedAt
        self.diff = diff
        self.active = active
        self.contractTests = contractTests
    }
}
