import Storage

/// What a write is about to look up (its message key, its orders), so a group commit reads them for the whole batch
/// in two statements instead of one or two per write.
struct WriteHints: Sendable {
    struct MessageKey: Sendable {
        let tenant: String
        let channel: String
        let messageKey: String
    }

    /// A channel order an ingested event names, whose stored id the append looks up.
    struct OrderKey: Sendable, Hashable {
        let tenant: String
        let channel: String
        let channelOrderId: String
    }

    var keys: [MessageKey] = []
    var orderIds: [String] = []
    var orderKeys: [OrderKey] = []
    /// Derived ids of new orders, looked up as parents named by earlier orders.
    var derivedIds: [String] = []

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
        let sourceChannel: (tenant: String, channel: String)? = switch source {
        case .message(let message): (message.tenant, message.channel)
        case .deadLetter(_, _, let replacement?): (replacement.tenant, replacement.channel)
        case .deadLetter, .core: nil
        }
        guard let sourceChannel else { return }
        for event in events {
            guard let derived = event.derivedOrderId else { continue }
            let channel = event.orderChannel ?? sourceChannel.channel
            orderKeys.append(OrderKey(tenant: sourceChannel.tenant, channel: channel, channelOrderId: event.event.channelOrderId))
            derivedIds.append(derived)
            if case .order(let order) = event.event.body, let parent = order.parentChannelOrderId {
                orderKeys.append(OrderKey(tenant: sourceChannel.tenant, channel: channel, channelOrderId: parent))
            }
        }
    }

    /// The lookup a dead letter for `message` makes.
    init(deadLetter message: InboundMessage) {
        keys = [MessageKey(tenant: message.tenant, channel: message.channel, messageKey: message.messageKey)]
    }

    init() {}
}
