import Synchronization

/// Open connections per client address, so one address cannot hold every slot of the server.
final class ConnectionCounter: Sendable {
    private let open = Mutex<[String: Int]>([:])
    let maximumPerAddress: Int

    init(maximumPerAddress: Int) {
        self.maximumPerAddress = maximumPerAddress
    }

    /// Counts a new connection from `address`, or returns false (counting nothing) when it already holds the maximum.
    func admit(_ address: String) -> Bool {
        open.withLock { table in
            let current = table[address, default: 0]
            guard maximumPerAddress == 0 || current < maximumPerAddress else { return false }
            table[address] = current + 1
            return true
        }
    }

    /// Forgets one connection from `address`.
    func release(_ address: String) {
        open.withLock { table in
            guard let current = table[address] else { return }
            table[address] = current > 1 ? current - 1 : nil
        }
    }

    /// Connections open now from `address`.
    func count(_ address: String) -> Int { open.withLock { $0[address, default: 0] } }
}
