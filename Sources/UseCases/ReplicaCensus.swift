import Access
import Foundation
import Storage
import Synchronization

/// How many gateway processes serve the store now, from their presence leases (`gateway/replica/<owner>`), so that
/// each can take its share of cluster-wide rate limits.
public final class ReplicaCensus: Sendable {
    let store: any LeaseStore
    let owner: String
    let seconds: Double
    private let counted = Atomic<Int>(1)

    /// A census over `store`'s leases for the process named `owner`; a presence lasts `seconds` unless renewed.
    public init(store: any LeaseStore, owner: String, seconds: Double = 10) {
        self.store = store
        self.owner = owner
        self.seconds = seconds
    }

    /// The processes counted at the last refresh (at least this one).
    public var count: Int { counted.load(ordering: .relaxed) }

    /// Renews this process's presence and counts the live ones.
    public func refresh() async throws {
        _ = try await store.acquireLease("gateway/replica/" + owner, owner: owner, seconds: seconds)
        let owners = Set(try store.liveLeases(prefix: "gateway/replica/").map(\.owner)).union([owner])
        counted.store(owners.count, ordering: .relaxed)
    }

    /// Ends this process's presence (at shutdown), so the others take back its share at their next refresh.
    public func leave() async {
        if let presence = try? store.currentLease("gateway/replica/" + owner), presence.owner == owner {
            try? await store.releaseLease(presence)
        }
    }
}

/// Rate limits held by the cluster, not per process: each process admits its share (the rate and burst divided by
/// the processes counted), which adds up to the limit when the load balancer spreads requests evenly.
struct ReplicaShareLimiter: RateLimiterBackend {
    let inner: any RateLimiterBackend
    let census: ReplicaCensus

    func admit(key: String, limit: RateLimit, now: Double) -> RateDecision {
        let replicas = census.count
        guard replicas > 1 else { return inner.admit(key: key, limit: limit, now: now) }
        let share = RateLimit(rate: limit.rate / Double(replicas), burst: max(1, (limit.burst + replicas - 1) / replicas))
        return inner.admit(key: key, limit: share, now: now)
    }
}
