import ServiceLifecycle

/// Runs the routing core: restores it from the log, then routes new orders as they are committed.
struct RoutingService: Service {
    let core: RoutingCore?

    func run() async throws {
        guard let core else {
            try? await gracefulShutdown()
            return
        }
        try await core.catchUp()
        await cancelWhenGracefulShutdown { await core.follow() }
    }
}
