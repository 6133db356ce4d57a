import Foundation
import Logging
import Storage
import Synchronization

/// Named pieces of work (each channel's outbound sync, each subscription's delivery) shared out among the gateway
/// processes on one store: every name is held by one process at a time through a lease, and each process takes
/// about its share, so the work spreads over the replicas and moves when one stops.
///
/// A process announces itself with a presence lease (`<kind>/replica/<owner>`); its share is the names divided by the
/// live processes, rounded up. Over its share it gives names up; under it, it takes free ones.
public final class LeaseSpread: Sendable {
    let store: any LeaseStore
    let kind: String
    let owner: String
    let seconds: Double
    let logger: Logger
    private let held = Mutex<[String: Lease]>([:])

    /// Leases named `<kind>/<name>` for `owner`, each lasting `seconds` (refresh well within that).
    public init(store: any LeaseStore, kind: String, owner: String, seconds: Double = 10, logger: Logger) {
        self.store = store
        self.kind = kind
        self.owner = owner
        self.seconds = seconds
        self.logger = logger
    }

    /// The names of `names` this process holds after renewing, giving up what is over its share and taking free ones.
    public func refresh(_ names: [String]) async -> Set<String> {
        let wanted = Set(names)
        do {
            _ = try await store.acquireLease(presenceName, owner: owner, seconds: seconds)
            let replicas = max(1, Set(try store.liveLeases(prefix: kind + "/replica/").map(\.owner)).count)
            let share = (wanted.count + replicas - 1) / replicas
            var mine = held.withLock { $0 }
            // Renew what is still wanted; drop what is not, or what was lost.
            for (name, lease) in mine {
                if !wanted.contains(name) {
                    try? await store.releaseLease(lease)
                    mine[name] = nil
                } else if let renewed = try await store.renewLease(lease, seconds: seconds) {
                    mine[name] = renewed
                } else {
                    mine[name] = nil
                }
            }
            // Over the share (another replica joined): give the extras up for the others to take.
            for name in mine.keys.sorted().dropFirst(share) {
                if let lease = mine[name] { try? await store.releaseLease(lease) }
                mine[name] = nil
            }
            // Under it: take free names, in an order of this process's own so replicas try different ones first.
            let live = Set(try store.liveLeases(prefix: kind + "/").map(\.name))
            let ordered = wanted.map { ($0, rank($0)) }.sorted { $0.1 < $1.1 }.map(\.0)
            for name in ordered where mine.count < share && mine[name] == nil {
                guard !live.contains(leaseName(name)) else { continue }
                if let lease = try await store.acquireLease(leaseName(name), owner: owner, seconds: seconds) { mine[name] = lease }
            }
            held.withLock { $0 = mine }
            return Set(mine.keys)
        } catch {
            logger.warning("cannot refresh leases", metadata: ["kind": "\(kind)", "error": "\(error)"])
            // Keep working on leases that have not run out: a write under a lost lease is refused anyway.
            return Set(held.withLock { $0 }.filter { $0.value.expiresAt > Date() }.keys)
        }
    }

    /// The lease this process holds on `name`, for fencing the writes made under it; nil when it holds none.
    public func lease(for name: String) -> Lease? {
        held.withLock { $0[name] }
    }

    /// Gives every lease up (at shutdown), so other processes take the work at once.
    public func releaseAll() async {
        let leases = held.withLock { held in
            defer { held = [:] }
            return Array(held.values)
        }
        for lease in leases { try? await store.releaseLease(lease) }
        if let presence = try? store.currentLease(presenceName), presence.owner == owner { try? await store.releaseLease(presence) }
    }

    private var presenceName: String { kind + "/replica/" + owner }

    private func leaseName(_ name: String) -> String { kind + "/work/" + name }

    /// A stable order per process: a hash of the owner and the name.
    private func rank(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (owner + "\u{0}" + name).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
