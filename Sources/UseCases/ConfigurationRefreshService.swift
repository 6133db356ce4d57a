import Logging
import ServiceLifecycle
import Storage

/// Picks up configuration changed by other processes on the same store (another replica's mapping publish, key
/// rotation, client or limit change; `channelgate clients disable`): every `interval` it reads the store's
/// configuration version and, when it moved, reloads access state and the published mappings. Every 3 s it also
/// renews this process's presence and counts the processes that share the rate limits.
public struct ConfigurationRefreshService: Service {
    let store: any ConfigurationVersion
    let access: AccessControl
    let mappings: @Sendable () throws -> Void
    let interval: Duration
    let logger: Logger

    /// Runs until the service group stops it.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var known = try? store.configurationVersion()
            var counted = ContinuousClock.now - .seconds(60)
            while !Task.isCancelled {
                if ContinuousClock.now - counted >= .seconds(3) {
                    do {
                        try await access.census.refresh()
                    } catch {
                        logger.warning("cannot count the gateway processes", metadata: ["error": "\(error)"])
                    }
                    counted = ContinuousClock.now
                }
                try await Task.sleep(for: interval)
                do {
                    let version = try store.configurationVersion()
                    guard version != known else { continue }
                    try access.reloadIfChanged()
                    try mappings()
                    known = version
                } catch {
                    logger.warning("cannot reload configuration", metadata: ["error": "\(error)"])
                }
            }
        }
        await access.census.leave()
    }
}
