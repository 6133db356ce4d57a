import Storage

/// What became of an accepted message: the answer to give and what was stored.
public struct IngestOutcome: Sendable {
    /// The HTTP status and JSON body to answer with (the original ones for a resend).
    public var response: StoredResponse
    /// True when this message was seen before and nothing new was stored.
    public var replayed: Bool
    /// The events committed by this call (empty for a resend or a dead letter).
    public var events: [CommittedEvent]
    /// Set when the message was kept as a dead letter.
    public var deadLetterId: Int64?
    /// Set when the message was valid but its mapping skipped it (stored, no events), with the mapping's reason.
    public var skipped: String? = nil
}
