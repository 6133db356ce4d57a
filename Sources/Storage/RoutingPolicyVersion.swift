import Foundation

/// One stored version of the routing policy.
public struct RoutingPolicyVersion: Sendable, Equatable {
    public var version: Int64
    public var source: String
    public var author: String
    public var publishedAt: String
    /// Line diff against the version before it.
    public var diff: String
    public var active: Bool

    /// Creates a RoutingPolicyVersion from its parts.
    public init(
        version: Int64, source: String, author: String, publishedAt: String, diff: String, active: Bool
    ) {
        self.version = version
        self.source = source
        self.author = author
        self.publishedAt = publishedAt
        self.diff = diff
        self.active = active
    }
}
