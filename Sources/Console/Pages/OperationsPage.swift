import Foundation
import Storage

/// Screen 8: subscriptions (pause, resume), the outbox's failed and pending changes (retry), clients, rate-limit
/// overrides and the audit log.
public struct OperationsPage: Sendable {
    /// One subscription.
    public struct Subscription: Sendable {
        public let id: String
        public let url: String
        public let status: String
        public let active: Bool
        public let cursor: Int64
        public let attempts: Int
        public let lastError: String?
        public let lastDeliveredAt: String?
        /// Events set aside after their attempts ran out, not delivered since.
        public let failures: [Failure]
        public let hasFailures: Bool
    }

    /// One set-aside event of a subscription.
    public struct Failure: Sendable {
        public let subscriptionId: String
        public let id: Int64
        public let eventId: String
        public let position: Int64
        public let attempts: Int
        public let error: String
        public let createdAt: String
    }

    /// One change waiting to be pushed back to its channel, or given up.
    public struct OutboxItem: Sendable {
        public let id: Int64
        public let channel: String
        public let orderHref: String
        public let channelOrderId: String
        public let eventType: String
        public let status: String
        public let failed: Bool
        public let attempts: Int
        public let lastError: String?
    }

    /// One API client (never its secret).
    public struct Client: Sendable {
        public let clientId: String
        public let name: String
        public let scopes: String
        public let status: String
    }

    /// One rate-limit override.
    public struct Limit: Sendable {
        public let kind: String
        public let name: String
        public let rate: String
        public let burst: Int
    }

    /// One audit entry.
    public struct Audit: Sendable {
        public let at: String
        public let actor: String
        public let action: String
        public let target: String
        public let change: String
    }

    public let subscriptions: [Subscription]
    public let outbox: [OutboxItem]
    public let clients: [Client]
    public let limits: [Limit]
    public let audit: [Audit]
    public let auditNextHref: String?
    public let mayChange: Bool

    /// The page from the stores' records, the audit log newest first; `auditPageSize` tells whether older entries follow.
    public init(
        subscriptions: [(record: SubscriptionRecord, failures: [SubscriptionFailure])], outbox: [OutboxEntry], clients: [ClientRecord], limits: [RateLimitOverride], audit: [AuditEntry],
        auditPageSize: Int, mayChange: Bool
    ) {
        self.subscriptions = subscriptions.map { record, failures in
            let open = failures.filter { $0.status == .open }.prefix(10).map { failure in
                Failure(
                    subscriptionId: record.id, id: failure.id, eventId: failure.eventId, position: failure.position, attempts: failure.attempts, error: failure.error,
                    createdAt: failure.createdAt
                )
            }
            return Subscription(
                id: record.id, url: URLComponents(string: record.url).map { ($0.scheme ?? "") + "://" + ($0.host ?? "") + $0.path } ?? "",
                status: record.status.rawValue, active: record.status == .active, cursor: record.cursor, attempts: record.attempts,
                lastError: record.lastError, lastDeliveredAt: record.lastDeliveredAt, failures: Array(open), hasFailures: !open.isEmpty
            )
        }
        self.outbox = outbox.map { entry in
            OutboxItem(
                id: entry.id, channel: entry.channel, orderHref: "/console/orders/" + entry.orderId, channelOrderId: entry.channelOrderId,
                eventType: entry.eventType.rawValue, status: entry.status.rawValue, failed: entry.status == .failed, attempts: entry.attempts,
                lastError: entry.lastError
            )
        }
        self.clients = clients.map { Client(clientId: $0.clientId, name: $0.name, scopes: $0.scopes.joined(separator: " "), status: $0.status.rawValue) }
        self.limits = limits.map { Limit(kind: $0.kind, name: $0.name, rate: String(format: "%g / s", $0.rate), burst: $0.burst) }
        self.audit = audit.map { entry in
            Audit(
                at: entry.at, actor: entry.actor, action: entry.action, target: entry.target,
                change: [entry.before.map { "before " + $0 }, entry.after.map { "after " + $0 }].compactMap { $0 }.joined(separator: ", ")
            )
        }
        auditNextHref = audit.count == auditPageSize ? audit.last.map { "/console/operations?auditBefore=\($0.id)#audit" } : nil
        self.mayChange = mayChange
    }
}
