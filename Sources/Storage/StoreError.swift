/// Why the store could not do what was asked.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// The database cannot take writes now (disk full, locked, read-only, I/O error); retry later.
        case unavailable
        /// The thing asked for does not exist for this tenant.
        case notFound
        /// The request conflicts with stored state (e.g. replaying a resolved dead letter).
        case conflict
        /// A write made under a lease that another process holds now; nothing was stored.
        case leaseLost
        /// The store is shutting down.
        case closed
        /// An unexpected database failure (corruption, misuse); the request cannot be served.
        case `internal`
    }

    public let kind: Kind
    public let message: String

    /// A store error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
