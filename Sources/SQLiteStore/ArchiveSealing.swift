import Storage

extension SQLiteEventStore {
    /// `message` with its body sealed, when the store seals archives.
    func sealed(_ message: InboundMessage) throws -> InboundMessage {
        guard let sealing else { return message }
        var copy = message
        copy.body = try sealing.seal(message.body)
        return copy
    }

    /// `source` with any message body in it sealed.
    func sealed(_ source: AppendSource) throws -> AppendSource {
        switch source {
        case .message(let message): return .message(try sealed(message))
        case .deadLetter(let tenant, let id, let replacement?): return .deadLetter(tenant: tenant, id: id, replacement: try sealed(replacement))
        case .deadLetter, .core: return source
        }
    }

    /// `letter` with its body opened.
    func opened(_ letter: DeadLetter) throws(StoreError) -> DeadLetter {
        guard let sealing else { return letter }
        var copy = letter
        do {
            copy.body = try sealing.open(letter.body)
        } catch {
            throw StoreError(.internal, "cannot open the archived body of dead letter \(letter.id): \(error)")
        }
        return copy
    }
}
