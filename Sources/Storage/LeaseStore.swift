import Foundation

/// A named piece of work held by one process at a time; the epoch grows every time the holder changes.
public struct Lease: Sendable, Equatable {
    public var name: String
    public var owner: String
    /// Fencing token: a write made under this lease is refused once another holder took the lease (a larger epoch).
    public var epoch: Int64
    public var expiresAt: Date

    /// Creates a Lease from its parts.
    public init(name: String, owner: String, epoch: Int64, expiresAt: Date) {
        self.name = name
        self.owner = owner
        self.epoch = epoch
        self.expiresAt = expiresAt
    }
}

/// Leases with fencing: who runs a singleton job (the routing core) and proof, at every write, that it still does.
public protocol LeaseStore: AnyObject, Sendable {
    /// Takes `name` for `owner` for `seconds` when it is free, expired or already `owner`'s; nil while another holder's lease is live.
    func acquireLease(_ name: String, owner: String, seconds: Double) async throws -> Lease?

    /// Extends `lease` by `seconds` from now; nil when it was lost (expired and taken, or released).
    func renewLease(_ lease: Lease, seconds: Double) async throws -> Lease?

    /// Gives `lease` up so another process may take it at once (no effect when it was already lost).
    func releaseLease(_ lease: Lease) async throws

    /// The current holder of `name`, or nil when nobody ever took it.
    func currentLease(_ name: String) throws(StoreError) -> Lease?

    /// The leases whose name starts with `prefix` and that have not expired, by name.
    func liveLeases(prefix: String) throws(StoreError) -> [Lease]
}
