/// Whether a node can take orders: up, degraded (used at a penalty) or down (never used).
public enum NodeStatus: String, Sendable, Codable, CaseIterable {
    /// Takes orders normally.
    case up
    /// Takes orders, scored with the policy's degraded penalty.
    case degraded
    /// Takes no orders; its open orders move elsewhere.
    case down
}
