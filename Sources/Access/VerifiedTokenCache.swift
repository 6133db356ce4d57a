import Synchronization

/// Tokens already verified, by their text, until they expire; bounded so a flood of distinct tokens cannot grow it.
final class VerifiedTokenCache: Sendable {
    private let entries = Mutex<[String: (token: VerifiedToken, validUntil: Int64)]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func lookup(_ token: String, now: Int64) -> VerifiedToken? {
        entries.withLock { entries in
            guard let found = entries[token] else { return nil }
            guard found.validUntil > now else {
                entries[token] = nil
                return nil
            }
            return found.token
        }
    }

    func store(_ token: String, _ verified: VerifiedToken, validUntil: Int64, now: Int64) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.validUntil > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = (verified, validUntil)
        }
    }

    func removeAll(where shouldRemove: (VerifiedToken) -> Bool) {
        entries.withLock { entries in entries = entries.filter { !shouldRemove($0.value.token) } }
    }
}
