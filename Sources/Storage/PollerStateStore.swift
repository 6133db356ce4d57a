import Foundation

/// Where each channel's pull sync stands, and which process may run it.
public protocol PollerStateStore: AnyObject, Sendable {
    /// The checkpoint of `channel`'s poller for `tenant` (empty when it never ran).
    func pollerCheckpoint(tenant: String, channel: String) throws(StoreError) -> PollerCheckpoint

    /// Stores `checkpoint` if `owner` still holds the lease; false when another process took it over.
    func savePollerCheckpoint(tenant: String, channel: String, owner: String, _ checkpoint: PollerCheckpoint) async throws -> Bool

    /// Takes or renews the lease on `channel`'s poller for `seconds`; false while another owner's lease is live.
    func acquirePollerLease(tenant: String, channel: String, owner: String, seconds: Double) async throws -> Bool

    /// Gives the lease up so another process may poll at once.
    func releasePollerLease(tenant: String, channel: String, owner: String) async throws
}
