/// A routing request that cannot be carried out: a stable code and what is wrong.
public struct RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `unknown_order`.
        public let text: String

        /// The order is malformed (no lines, quantity ≤ 0, empty id).
        public static let invalidOrder = Code(text: "invalid_order")
        /// An open order with this id already exists.
        public static let duplicateOrder = Code(text: "duplicate_order")
        /// No order with this id.
        public static let unknownOrder = Code(text: "unknown_order")
        /// No node with this id.
        public static let unknownNode = Code(text: "unknown_node")
        /// The order is not in a state that allows this action.
        public static let invalidState = Code(text: "invalid_state")
        /// The override's nodes cannot ship the order.
        public static let overrideInfeasible = Code(text: "override_infeasible")
        /// The stock change would leave less on hand than is reserved, or below zero.
        public static let invalidStock = Code(text: "invalid_stock")
        /// No node can take the return.
        public static let noReturnNode = Code(text: "no_return_node")

        /// The code's text.
        public var description: String { text }
    }

    /// What kind of failure.
    public let code: Code
    /// What is wrong, in words.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.text): \(message)" }
}
