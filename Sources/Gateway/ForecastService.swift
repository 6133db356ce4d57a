import ServiceLifecycle

/// Runs the forecasting core: rebuilds its series from the log, then follows new events and closes hours.
struct ForecastService: Service {
    let core: ForecastCore

    func run() async throws {
        try await core.catchUp()
        await cancelWhenGracefulShutdown { await core.follow() }
    }
}
