import ServiceLifecycle

/// Runs the forecasting core: rebuilds its series from the log, then follows new events and closes hours.
public struct ForecastService: Service {
    let core: ForecastCore

    /// Runs until the service group stops it.
    public func run() async throws {
        try await core.catchUp()
        await cancelWhenGracefulShutdown { await core.follow() }
    }
}
