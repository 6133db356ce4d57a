import Foundation

/// Whether the store can take writes now, and why not.
public protocol StoreHealth: AnyObject, Sendable {
    /// True while writes succeed.
    var isWritable: Bool { get }

    /// Why writes fail now, nil while they succeed.
    var unavailableReason: String? { get }

    /// Finishes queued writes and closes the store.
    func close()
}

/// Everything a storage backend provides; one implementation per backend (SQLite today).
public protocol StorageBackend:
    EventLog, OrderReadModel, DeadLetterStore, InboundArchive, PollerStateStore, OutboxQueue, SubscriptionStore, MappingVersionStore, AccessStore,
    RoutingPolicyStore, AuditLog, LeaseStore, NodeStateStore, ConfigurationVersion, StoreHealth
{}
