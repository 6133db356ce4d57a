import CanonicalModel
import Foundation
import Logging
import Mapping
import Storage

/// What ingest needs of storage: the log to append to, dead letters, order state, published mappings and pull checkpoints.
public typealias IngestStorage = EventLog & DeadLetterStore & OrderReadModel & MappingVersionStore

/// The ingest pipeline: checks and decodes a channel message, derives identities, and stores its events durably.
public final class IngestService: Sendable {
    public let store: any IngestStorage
    /// Published mapping versions, which take over from the shipped files per tenant.
    public let mappings: MappingRegistry
    private let channels: [String: ChannelDefinition]
    private let reader: JSONReader
    private let logger: Logger
    /// Seals personal data (buyer name, phone, email, street lines) in stored event data; nil stores it as is.
    let sealPersonalData: (@Sendable (String) -> String)?

    /// A pipeline over `store` for the given channels (the built-in `canonical` channel is always present).
    public init(
        store: any IngestStorage, channels: [ChannelDefinition], jsonLimits: JSONReader.Limits = .init(), logger: Logger,
        sealPersonalData: (@Sendable (String) -> String)? = nil
    ) {
        var byName = [ChannelDefinition.canonical.name: ChannelDefinition.canonical]
        for channel in channels { byName[channel.name] = channel }
        self.store = store
        self.mappings = MappingRegistry()
        self.channels = byName
        self.reader = JSONReader(limits: jsonLimits)
        self.logger = logger
        self.sealPersonalData = sealPersonalData
    }

    /// The header a pushed message's own id comes in, named when that id is reused for different content.
    static let messageIdHeaderName = "Idempotency-Key"

    /// The configured channels, by name.
    public var channelDefinitions: [ChannelDefinition] { channels.values.sorted { $0.name < $1.name } }

    /// The channels `tenant` can send to: the configured ones and those its published mappings created, by name.
    public func channelDefinitions(tenant: String) -> [ChannelDefinition] {
        let created = mappings.publishedChannelNames(tenant: tenant).filter { channels[$0] == nil }
            .compactMap { mappings.publishedChannel(tenant: tenant, name: $0) }
        return (Array(channels.values) + created).sorted { $0.name < $1.name }
    }

    /// Decodes and stores one message; returns once its events (or its dead letter) are on disk.
    public func ingest(_ request: IngestRequest) async throws(IngestError) -> IngestOutcome {
        guard let channel = channel(named: request.channel, tenant: request.tenant) else { throw .unknownChannel(request.channel) }
        guard Self.accepts(channel, contentType: request.contentType) else { throw .unsupportedMediaType(request.contentType) }
        let decoded: DecodedMessage
        let active = activeMapping(tenant: request.tenant, channel: channel)
        do {
            decoded = try decode(request.body, channel: channel, mapping: active)
        } catch {
            guard error.kind == .invalid, channel.onInvalid == .deadLetter else { throw .payload(error) }
            return try await keepAsDeadLetter(request, error: error)
        }
        let contentKey = OrderIdentity.contentKey(request.body)
        let message = InboundMessage(
            tenant: request.tenant, channel: request.channel,
            messageKey: request.messageIdHeader ?? decoded.messageId.map { "id:" + $0 } ?? contentKey,
            receivedAt: request.receivedAt, contentType: request.contentType,
            headersJSON: Self.headersJSON(request.headers), body: request.body, contentKey: contentKey,
            keyField: request.messageIdHeader != nil ? Self.messageIdHeaderName : decoded.messageId != nil ? "messageId" : nil
        )
        return try await store(
            decoded.events, from: .message(message), tenant: request.tenant, channel: request.channel, mapping: active,
            at: request.receivedAt, skipped: decoded.skipped
        )
    }

    /// Decodes a dead letter again (from `replacementBody` when given) and stores its events, resolving it.
    ///
    /// A replay that fails again keeps the dead letter open with the new error and throws it.
    public func replay(tenant: String, deadLetterId: Int64, replacementBody: [UInt8]?, at time: Date = Date()) async throws(IngestError) -> IngestOutcome {
        let letter: DeadLetter
        do {
            guard let found = try store.deadLetter(tenant: tenant, id: deadLetterId) else {
                throw IngestError.store(StoreError(.notFound, "no dead letter \(deadLetterId)"))
            }
            letter = found
        } catch let error as IngestError {
            throw error
        } catch {
            throw .store(error as? StoreError ?? StoreError(.internal, "\(error)"))
        }
        guard letter.status == .open else { throw .store(StoreError(.conflict, "dead letter \(deadLetterId) was already replayed")) }
        guard let channel = channel(named: letter.channel, tenant: tenant) else { throw .unknownChannel(letter.channel) }
        let decoded: DecodedMessage
        let active = activeMapping(tenant: tenant, channel: channel)
        do {
            decoded = try decode(replacementBody ?? letter.body, channel: channel, mapping: active)
        } catch {
            do {
                try await store.recordFailedReplay(tenant: tenant, id: deadLetterId, error: error, at: time)
            } catch {
                throw .store(error as? StoreError ?? StoreError(.internal, "\(error)"))
            }
            throw .payload(error)
        }
        let replacement = replacementBody.map { body in
            let contentKey = OrderIdentity.contentKey(body)
            return InboundMessage(
                tenant: tenant, channel: letter.channel,
                messageKey: decoded.messageId.map { "id:" + $0 } ?? contentKey, receivedAt: time,
                contentType: letter.contentType, headersJSON: "{\"x-replay-of-dead-letter\":\"\(deadLetterId)\"}", body: body,
                contentKey: contentKey, keyField: decoded.messageId != nil ? "messageId" : nil
            )
        }
        return try await store(
            decoded.events, from: .deadLetter(tenant: tenant, id: deadLetterId, replacement: replacement), tenant: tenant,
            channel: letter.channel, mapping: active, at: time, skipped: decoded.skipped
        )
    }

    func decode(_ body: [UInt8], channel: ChannelDefinition, mapping active: MappingRegistry.Active?) throws(PayloadError) -> DecodedMessage {
        if let active { return try active.mapping.apply(body) }
        return try CanonicalChannelDecoder().decode(try reader.parse(body))
    }

    /// The mapping a tenant's message on `channel` goes through: its published version, else the shipped file.
    func activeMapping(tenant: String, channel: ChannelDefinition) -> MappingRegistry.Active? {
        guard let shipped = channel.mapping else { return nil }
        return mappings.published(tenant: tenant, channel: channel.name)
            ?? MappingRegistry.Active(mapping: shipped, version: channel.shippedMappingVersion ?? channel.name)
    }

    /// The mapping a tenant's messages on channel `name` go through now, nil for an unknown or canonical channel.
    public func mappingInUse(tenant: String, channel name: String) -> MappingRegistry.Active? {
        channel(named: name, tenant: tenant).flatMap { activeMapping(tenant: tenant, channel: $0) }
    }

    /// The channel definition for `name`, if configured or mapped by a file.
    public func channel(named name: String) -> ChannelDefinition? { channels[name] }

    /// The channel `name` as `tenant` sees it: configured or shipped, else created by the tenant's published mapping.
    public func channel(named name: String, tenant: String) -> ChannelDefinition? {
        channels[name] ?? mappings.publishedChannel(tenant: tenant, name: name)
    }

    /// True when the channel reads this content type: JSON for canonical and JSON mappings, XML for XML mappings.
    static func accepts(_ channel: ChannelDefinition, contentType: String?) -> Bool {
        if channel.mapping?.format == .xml { return isXML(contentType) }
        return isJSON(contentType)
    }

    private func store(
        _ events: [ChannelEvent], from source: AppendSource, tenant: String, channel: String, mapping: MappingRegistry.Active?, at time: Date,
        skipped: String? = nil
    ) async throws(IngestError) -> IngestOutcome {
        let pending = prepare(
            events, tenant: tenant, channel: mapping?.mapping.orderChannel ?? channel, mappingVersion: mapping?.version,
            orderChannel: mapping?.mapping.orderChannel
        )
        do {
            let result = try await store.append(pending, from: source, receivedAt: time) { committed in
                StoredResponse(status: 202, body: committed.isEmpty && skipped != nil ? ResponseText.skipped(skipped ?? "") : ResponseText.accepted(committed))
            }
            return IngestOutcome(
                response: result.response, replayed: result.replayed, events: result.events, deadLetterId: result.reusedKeyDeadLetterId,
                skipped: result.events.isEmpty ? skipped : nil
            )
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.internal, "\(error)"))
        }
    }

    private func keepAsDeadLetter(_ request: IngestRequest, error: PayloadError) async throws(IngestError) -> IngestOutcome {
        let contentKey = OrderIdentity.contentKey(request.body)
        let message = InboundMessage(
            tenant: request.tenant, channel: request.channel,
            messageKey: request.messageIdHeader ?? contentKey, receivedAt: request.receivedAt,
            contentType: request.contentType, headersJSON: Self.headersJSON(request.headers), body: request.body,
            contentKey: contentKey, keyField: request.messageIdHeader != nil ? Self.messageIdHeaderName : nil
        )
        do {
            let result = try await store.deadLetter(message, error: error) { id in
                StoredResponse(status: 202, body: ResponseText.deadLettered(id: id, error: error))
            }
            logger.warning("message kept as dead letter", metadata: ["channel": "\(request.channel)", "error": "\(error.code)", "field": "\(error.field ?? "")"])
            let id = result.reusedKeyDeadLetterId ?? ResponseText.deadLetterId(in: result.response.body)
            return IngestOutcome(response: result.response, replayed: result.replayed, events: [], deadLetterId: id)
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.internal, "\(error)"))
        }
    }

    /// Assigns order ids, event ids and encoded data to decoded events.
    func prepare(
        _ events: [ChannelEvent], tenant: String, channel: String, mappingVersion: String? = nil, orderChannel: String? = nil
    ) -> [PendingEvent] {
        // One proposed id per channel order of the message; the store keeps the id of an order it already has.
        var proposed: [String: String] = [:]
        return events.map { event in
            let orderId = proposed[event.channelOrderId] ?? OrderIdentity.newOrderId()
            proposed[event.channelOrderId] = orderId
            var body = event.body
            var parentOrderId: String?
            if case .order(var order) = body {
                order.orderId = orderId
                order.tenant = tenant
                order.channel = channel
                if let parent = order.parentChannelOrderId {
                    parentOrderId = OrderIdentity.derivedOrderId(tenant: tenant, channel: channel, channelOrderId: parent)
                    order.parentOrderId = parentOrderId
                }
                body = .order(order)
            }
            let data = CanonicalJSON.data(of: sealed(body), orderId: orderId, channelOrderId: event.channelOrderId)
            var stored = event
            stored.body = body
            var pending = PendingEvent(
                id: OrderIdentity.eventId(), orderId: orderId, parentOrderId: parentOrderId, event: stored,
                dataJSON: data, mappingVersion: mappingVersion
            )
            pending.orderChannel = orderChannel
            pending.derivedOrderId = OrderIdentity.derivedOrderId(tenant: tenant, channel: channel, channelOrderId: event.channelOrderId)
            return pending
        }
    }

    /// True for `application/json` and `application/*+json`, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = mediaType(contentType) else { return false }
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// True for `application/xml`, `text/xml` and `application/*+xml`, with or without parameters.
    static func isXML(_ contentType: String?) -> Bool {
        guard let type = mediaType(contentType) else { return false }
        return type == "application/xml" || type == "text/xml" || (type.hasPrefix("application/") && type.hasSuffix("+xml"))
    }

    /// The lower-cased media type without parameters.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        let trimmed = mediaType.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        return String(decoding: trimmed.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func headersJSON(_ headers: [String: String]) -> String {
        var writer = JSONTextWriter(capacity: 256)
        writer.beginObject()
        for name in headers.keys.sorted() { writer.string(name, headers[name]) }
        writer.endObject()
        return writer.text
    }
}
