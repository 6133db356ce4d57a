import Adapters
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Delivers each active subscription's matching events in feed order (so per-order order holds), one worker per
/// subscription, resuming from its stored cursor after a restart.
public struct SubscriptionDispatcher: Service {
    let store: any StorageBackend
    let delivery: SubscriptionDelivery
    let policy: DeliveryRetryPolicy
    let logger: Logger
    /// How often the set of active subscriptions is re-read.
    let refreshInterval: Duration
    /// Which subscriptions this process delivers: one process per subscription, spread over the processes on the store.
    let leases: LeaseSpread

    /// Runs until the service group stops it.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var running: [String: Task<Void, Never>] = [:]
                var held: Set<String> = []
                var known: Set<String> = []
                var refreshed = ContinuousClock.now - .seconds(60)
                while !Task.isCancelled {
                    let all = ((try? store.subscriptions(tenant: nil)) ?? []).filter { $0.status == .active }.map(\.id)
                    // Leases (10 s) are renewed every 3 s, and at once when subscriptions come or go.
                    if ContinuousClock.now - refreshed >= .seconds(3) || Set(all) != known {
                        held = await leases.refresh(all)
                        refreshed = ContinuousClock.now
                        known = Set(all)
                    }
                    let active = held.intersection(all)
                    for (id, task) in running where !active.contains(id) {
                        task.cancel()
                        running[id] = nil
                    }
                    for id in active where running[id] == nil || running[id]?.isCancelled == true {
                        let worker = Task { await work(subscriptionId: id) }
                        running[id] = worker
                        group.addTask { await worker.value }
                    }
                    try? await Task.sleep(for: refreshInterval)
                }
                for task in running.values { task.cancel() }
            }
        }
        await leases.releaseAll()
    }

    /// Delivers one subscription's events until it is paused, deleted or the service stops.
    func work(subscriptionId: String) async {
        while !Task.isCancelled {
            guard let subscription = try? store.subscription(id: subscriptionId), subscription.status == .active else { return }
            let events: [FeedEvent]
            do {
                events = try await store.waitForEvents(tenant: subscription.tenant, after: subscription.cursor, limit: 100, wait: .seconds(5))
            } catch {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            var skippedTo: Int64?
            for event in events {
                if Task.isCancelled { return }
                guard subscription.matches(event) else {
                    skippedTo = event.position
                    continue
                }
                if let skipped = skippedTo {
                    try? await store.advanceSubscription(id: subscription.id, to: skipped, delivered: false, under: leases.lease(for: subscription.id))
                    skippedTo = nil
                }
                guard await deliverWithRetries(event, to: subscription) else { return }
            }
            if let skipped = skippedTo {
                try? await store.advanceSubscription(id: subscription.id, to: skipped, delivered: false, under: leases.lease(for: subscription.id))
            }
        }
    }

    /// Delivers `event`, retrying with backoff; sets it aside after the last attempt. False when the worker should stop.
    func deliverWithRetries(_ event: FeedEvent, to subscription: SubscriptionRecord) async -> Bool {
        var attempt = 0
        while true {
            attempt += 1
            guard let failure = await delivery.deliver(event, to: subscription) else {
                do {
                    // Fenced: a process that lost the subscription's lease cannot move its cursor.
                    try await store.advanceSubscription(id: subscription.id, to: event.position, delivered: true, under: leases.lease(for: subscription.id))
                } catch {
                    logger.warning("cannot store a subscription cursor", metadata: ["subscription": "\(subscription.id)"])
                    return false
                }
                return true
            }
            logger.info(
                "subscription delivery failed",
                metadata: ["subscription": "\(subscription.id)", "event": "\(event.id)", "attempt": "\(attempt)", "error": "\(failure)"]
            )
            if attempt >= policy.maxAttempts {
                try? await store.setAsideSubscriptionEvent(subscription, event: event, attempts: attempt, error: failure)
                return true
            }
            try? await store.recordSubscriptionAttempt(id: subscription.id, error: failure)
            do {
                try await Task.sleep(for: policy.delay(after: attempt))
            } catch {
                return false
            }
            guard (try? store.subscription(id: subscription.id))?.status == .active else { return false }
        }
    }
}
