import CanonicalModel

/// Canonical events as one JSON object per line, for previews and contract tests.
public enum MappingPreview {
    /// `{"type", "channelOrderId", "channelSequence"?, "occurredAt"?, "data"}` per event, keys sorted.
    public static func lines(_ message: DecodedMessage, channel: String) -> [String] {
        message.events.map { event in
            var body = event.body
            if case .order(var order) = body {
                order.channel = channel
                body = .order(order)
            }
            var writer = JSONTextWriter()
            writer.beginObject()
            writer.string("channelOrderId", event.channelOrderId)
            writer.integer("channelSequence", event.channelSequence)
            writer.raw("data", CanonicalJSON.data(of: body, orderId: "", channelOrderId: event.channelOrderId))
            writer.date("occurredAt", event.occurredAt)
            writer.string("type", event.type.rawValue)
            writer.endObject()
            return writer.text
        }
    }
}
