import Foundation

/// An audit entry for an operator's review action: who, when, before and after.
public struct OverrideAuditRecord: Sendable, Codable, Equatable {
    /// The order.
    public var orderId: String
    /// `approve` or `override`.
    public var action: String
    /// The operator.
    public var actor: String
    /// When it happened.
    public var at: Date
    /// The nodes before.
    public var beforeNodeIds: [String]
    /// The nodes after.
    public var afterNodeIds: [String]
    /// The operator's reason, if given.
    public var reason: String?

    /// Creates an audit record.
    public init(orderId: String, action: String, actor: String, at: Date, beforeNodeIds: [String], afterNodeIds: [String], reason: String?) {
        self.orderId = orderId
        self.action = action
        self.actor = actor
        self.at = at
        self.beforeNodeIds = beforeNodeIds
        self.afterNodeIds = afterNodeIds
        self.reason = reason
    }
}
