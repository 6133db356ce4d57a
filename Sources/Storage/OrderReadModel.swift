import Foundation

/// Orders as the log left them: current state, timeline and conflicts.
public protocol OrderReadModel: AnyObject, Sendable {
    /// The current state, timeline and conflicts of one order of `tenant`, or nil.
    func order(tenant: String, id: String) throws(StoreError) -> OrderView?

    /// Orders of `tenant` matching `filter`, in order of their last change.
    func orders(tenant: String, filter: OrderFilter) throws(StoreError) -> [OrderSummary]

    /// The channel order ids of `orderIds` of `tenant` (orders not found are left out).
    func channelOrderIds(tenant: String, orderIds: [String]) throws(StoreError) -> [String: String]

    /// Counts of stored rows for `tenant`.
    func counts(tenant: String) throws(StoreError) -> StoredCounts
}

/// How much `tenant` has stored: events, orders, inbound messages and open dead letters.
public struct StoredCounts: Sendable, Equatable {
    public var events: Int64
    public var orders: Int64
    public var messages: Int64
    public var openDeadLetters: Int64

    /// Creates a StoredCounts from its parts.
    public init(events: Int64, orders: Int64, messages: Int64, openDeadLetters: Int64) {
        self.events = events
        self.orders = orders
        self.messages = messages
        self.openDeadLetters = openDeadLetters
    }
}
