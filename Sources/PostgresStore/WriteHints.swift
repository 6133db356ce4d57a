import Storage

/// What a write is about to look up (its message key, its orders), so a group commit reads them for the whole batch
/// in two statements instead of one or two per write.
struct WriteHints: Sendable {
    struct MessageKey: Sendable {
        let tenant: String
        let channel: String
        let messageKey: String
    }

    var keys: [MessageKey] = []
    var orderIds: [String] = []

    /// The lookups an append from `source` with `events` makes.
    init(source: AppendSource, events: [PendingEvent]) {
        switch source {
        case .message(let message):
            keys = [MessageKey(tenant: message.tenant, channel: message.channel, messageKey: message.messageKey)]
        case .deadLetter(_, _, let replacement?):
            keys = [MessageKey(tenant: replacement.tenant, channel: replacement.channel, messageKey: replacement.messageKey)]
        case .deadLetter, .core:
            break
        }
        orderIds = events.map(\.orderId)
    }

    /// The lookup a dead letter for `message` makes.
    init(deadLetter message: InboundMessage) {
        keys = [MessageKey(tenant: message.tenant, channel: message.channel, messageKey: message.messageKey)]
    }

    init() {}
}
