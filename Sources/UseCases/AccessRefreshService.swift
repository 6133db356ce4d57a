import Logging
import ServiceLifecycle

/// Picks up changes made by other processes on the same store (`channelgate clients disable`, another instance's key
/// rotation or limit change): every few seconds it compares the store's configuration version and reads again when it moved.
public struct AccessRefreshService: Service {
    let access: AccessControl
    let interval: Duration
    let logger: Logger

    /// Runs until the service group stops it.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try access.reloadIfChanged()
                } catch {
                    logger.warning("cannot reload access state", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
