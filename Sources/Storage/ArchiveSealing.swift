/// How the store seals archived message bodies (they hold personal data) before writing and opens them on read.
public struct ArchiveSealing: Sendable {
    public let seal: @Sendable ([UInt8]) throws -> [UInt8]
    public let open: @Sendable ([UInt8]) throws -> [UInt8]

    /// Creates an ArchiveSealing from its parts.
    public init(seal: @escaping @Sendable ([UInt8]) throws -> [UInt8], open: @escaping @Sendable ([UInt8]) throws -> [UInt8]) {
        self.seal = seal
        self.open = open
    }
}

/// Sealing as a store applies it: with no sealing configured, values are stored and read as they are.
extension Optional where Wrapped == ArchiveSealing {
    /// `message` with its body sealed.
    public func sealed(_ message: InboundMessage) throws -> InboundMessage {
        guard case .some(let sealing) = self else { return message }
        var copy = message
        copy.body = try sealing.seal(message.body)
        return copy
    }

    /// `source` with any message body in it sealed.
    public func sealed(_ source: AppendSource) throws -> AppendSource {
        switch source {
        case .message(let message): .message(try sealed(message))
        case .deadLetter(let tenant, let id, let replacement?): .deadLetter(tenant: tenant, id: id, replacement: try sealed(replacement))
        case .deadLetter, .core: source
        }
    }

    /// `letter` with its archived body opened.
    public func opened(_ letter: DeadLetter) throws(StoreError) -> DeadLetter {
        guard case .some(let sealing) = self else { return letter }
        var copy = letter
        do {
            copy.body = try sealing.open(letter.body)
        } catch {
            throw StoreError(.internal, "cannot open the archived body of dead letter \(letter.id): \(error)")
        }
        return copy
    }

    /// `message` with its archived body opened.
    public func opened(_ message: ArchivedMessage) throws(StoreError) -> ArchivedMessage {
        guard case .some(let sealing) = self else { return message }
        var copy = message
        do {
            copy.body = try sealing.open(message.body)
        } catch {
            throw StoreError(.internal, "cannot open the archived body of message \(message.id): \(error)")
        }
        return copy
    }

    /// `record` with its secret opened.
    public func opened(_ record: SubscriptionRecord) throws(StoreError) -> SubscriptionRecord {
        guard case .some(let sealing) = self else { return record }
        var copy = record
        do {
            copy.secret = try sealing.open(record.secret)
        } catch {
            throw StoreError(.internal, "cannot open the secret of subscription \(record.id)")
        }
        return copy
    }
}
