import Adapters
import Foundation
import Ingest
import Storage

/// Screen 3: one tile per channel, coloured by its dead-letter rate, poller lag and state.
public struct ChannelsPage: Sendable {
    /// One channel's tile.
    public struct Tile: Sendable {
        public let channel: String
        public let format: String
        /// `ok`, `warn`, `bad` or `idle`.
        public let state: String
        public let perMinute: String
        public let received: Int64
        public let deadLetterRate: String
        public let openDeadLetters: Int64
        public let pollerState: String?
        public let pollerLag: String?
        public let lastError: String?
        public let lastErrorAt: String?
        public let deadLettersHref: String
        public let workbenchHref: String?
    }

    public let tiles: [Tile]
    public let windowMinutes: Int

    /// Tiles for `channels` from their activity over the last `windowMinutes` and their pollers.
    public init(channels: [ChannelDefinition], activity: [ChannelActivity], pollers: [PollerStatus], windowMinutes: Int, now: Date = Date()) {
        let byChannel = Dictionary(activity.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        let pollerByChannel = Dictionary(pollers.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.windowMinutes = windowMinutes
        tiles = channels.map { channel in
            let seen = byChannel[channel.name] ?? ChannelActivity(channel: channel.name)
            let poller = pollerByChannel[channel.name]
            let rate = seen.received > 0 ? Double(seen.deadLettered) / Double(seen.received) : 0
            let lag = poller?.lagSeconds(now: now)
            let failing = (poller?.consecutiveFailures ?? 0) > 0
            let state: String
            if rate >= 0.05 || failing || (lag ?? 0) > 900 {
                state = "bad"
            } else if rate > 0 || seen.openDeadLetters > 0 || (lag ?? 0) > 120 {
                state = "warn"
            } else {
                state = seen.received == 0 && poller == nil ? "idle" : "ok"
            }
            return Tile(
                channel: channel.name, format: channel.format.rawValue, state: state,
                perMinute: String(format: "%.1f", Double(seen.received) / Double(max(windowMinutes, 1))), received: seen.received,
                deadLetterRate: String(format: "%.1f %%", rate * 100), openDeadLetters: seen.openDeadLetters,
                pollerState: poller?.state, pollerLag: lag.map { Self.duration($0) },
                lastError: seen.lastErrorCode.map { code in code + ": " + (seen.lastErrorMessage ?? "") } ?? poller?.lastError,
                lastErrorAt: seen.lastErrorAt,
                deadLettersHref: "/console/dead-letters?channel=" + channel.name,
                workbenchHref: channel.mapping == nil ? nil : "/console/mappings/" + channel.name
            )
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 120 ? "\(Int(seconds)) s" : seconds < 7200 ? "\(Int(seconds / 60)) min" : "\(Int(seconds / 3600)) h"
    }
}
