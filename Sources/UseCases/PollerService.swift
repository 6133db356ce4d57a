import Adapters
import ServiceLifecycle

/// Runs every configured channel poller until the gateway shuts down.
public struct PollerService: Service {
    let pollers: [ChannelPoller]

    /// Runs until the service group stops it.
    public func run() async throws {
        // A service that returns ends the whole group, so with nothing to poll it waits for the shutdown.
        guard !pollers.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for poller in pollers { group.addTask { await poller.run() } }
            }
        }
    }
}
