/// Where a dead letter stands.
public enum DeadLetterStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a fix and a replay.
    case open
    /// A replay turned it into events.
    case replayed
}

/// Where an outbox entry stands.
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    /// Due, or waiting to retry.
    case pending
    /// The channel accepted the change.
    case sent
    /// Attempts ran out; an operator may retry it.
    case failed
}

/// Whether a subscription delivers.
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case active
    case paused
}

/// Where an event a subscription set aside stands.
public enum SubscriptionFailureStatus: String, Sendable, Codable, CaseIterable {
    /// Not delivered.
    case open
    /// Sent again on request.
    case redelivered
}

/// Whether an API client may get tokens.
public enum ClientStatus: String, Sendable, Codable, CaseIterable {
    case active
    case disabled
}
