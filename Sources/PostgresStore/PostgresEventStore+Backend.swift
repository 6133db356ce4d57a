import Storage

/// Every protocol of ChannelGate's storage, on PostgreSQL.
extension PostgresEventStore: StorageBackend {}
