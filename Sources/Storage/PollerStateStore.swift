import Foundation

/// Where each channel's pull sync stands; who runs it is a ``LeaseStore`` lease named ``PollerCheckpoint/leaseName(tenant:channel:)``.
public protocol PollerStateStore: AnyObject, Sendable {
    /// The checkpoint of `channel`'s poller for `tenant` (empty when it never ran).
    func pollerCheckpoint(tenant: String, channel: String) throws(StoreError) -> PollerCheckpoint

    /// Stores `checkpoint` while `lease` is still held; throws ``StoreError/Kind/leaseLost`` once another process took it.
    func savePollerCheckpoint(tenant: String, channel: String, _ checkpoint: PollerCheckpoint, under lease: Lease) async throws
}

extension PollerCheckpoint {
    /// The lease that says which process polls `channel` for `tenant`.
    public static func leaseName(tenant: String, channel: String) -> String { "poller/" + tenant + "/" + channel }
}
