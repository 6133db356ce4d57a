import Storage

/// What a poller needs of storage: its checkpoints and the lease saying which process polls.
public typealias PollerStorage = PollerStateStore & LeaseStore
