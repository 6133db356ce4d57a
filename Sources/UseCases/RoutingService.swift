import ServiceLifecycle

/// Runs the routing core: restores it from the log, then routes new orders as they are committed.
public struct RoutingService: Service {
    let core: RoutingCore?

    /// Runs until the service group stops it.
    public func run() async throws {
        guard let core else {
            try? await gracefulShutdown()
            return
        }
        // Only the process holding the store's routing lease routes; the others wait for it to expire.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled, await !core.holdLease() {
                try? await Task.sleep(for: .seconds(5))
            }
        }
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        try await core.catchUp()
        await cancelWhenGracefulShutdown { await core.follow() }
        await core.releaseLease()
    }
}
