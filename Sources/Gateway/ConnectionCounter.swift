import UseCases
import Synchronization

/// Open connections per client address, so one address cannot hold every slot of the server.
final class ConnectionCounter: Sendable {
    private let open = Mutex<[String: Int]>([:])
    let maximumPerAddress: Int

    init(maximumPerAddress: Int) {
        self.maximumPerAddress = maximumPerAddress
    }

    /// How a new connection is taken.
    enum Admission {
        /// Under the cap: served in full.
        case admitted
        /// Over the cap but within its reserve: only health, readiness and metrics requests are served.
        case probesOnly
        /// Past the reserve too: refused, not counted.
        case refused
    }

    /// Connections past the cap that are still taken for probes: a quarter of the cap, at least 8.
    var reserve: Int { max(8, maximumPerAddress / 4) }

    /// Counts a new connection from `address` unless it is refused.
    func admit(_ address: String) -> Admission {
        open.withLock { table in
            let current = table[address, default: 0]
            if maximumPerAddress == 0 || current < maximumPerAddress {
                table[address] = current + 1
                return .admitted
            }
            guard current < maximumPerAddress + reserve else { return .refused }
            table[address] = current + 1
            return .probesOnly
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
