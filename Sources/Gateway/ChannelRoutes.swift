import Access
import UseCases
import Adapters
import Foundation
import Hummingbird
import Ingest

/// `GET /v1/channels`: every channel the gateway takes orders on, with its format and, for pulled channels, the
/// poller's health, progress, lag and last error.
struct ChannelRoutes {
    let ingest: IngestService
    let pollers: [ChannelPoller]

    func register(on router: DeclaredRouter) {
        router.get("/v1/channels", .read(.other)) { _, context in
            let byChannel = Dictionary(pollers.map { ($0.definition.channel, $0.status) }, uniquingKeysWith: { first, _ in first })
            let items = ingest.channelDefinitions(tenant: context.tenant).map { channel -> String in
                var text = "{\"name\":" + JSONText.quoted(channel.name) + ",\"format\":" + JSONText.quoted(channel.format.rawValue)
                    + ",\"onInvalid\":" + JSONText.quoted(channel.onInvalid.rawValue)
                if let status = byChannel[channel.name], status.tenant == context.tenant {
                    text += ",\"poller\":" + Self.describe(status)
                }
                return text + "}"
            }
            return Response.json("{\"channels\":[" + items.joined(separator: ",") + "]}")
        }
    }

    static func describe(_ status: PollerStatus) -> String {
        let time = { (date: Date?) in date.map { JSONText.quoted(ISO8601DateFormatter().string(from: $0)) } ?? "null" }
        return "{\"state\":" + JSONText.quoted(status.state) + ",\"rounds\":" + String(status.rounds) + ",\"pages\":" + String(status.pages)
            + ",\"items\":" + String(status.items) + ",\"errors\":" + String(status.errors) + ",\"lagSeconds\":"
            + (status.lagSeconds().map { String(Int($0)) } ?? "null") + ",\"lastRoundStartedAt\":" + time(status.lastRoundStartedAt)
            + ",\"lastSuccessAt\":" + time(status.lastSuccessAt) + ",\"lastError\":" + (status.lastError.map(JSONText.quoted) ?? "null")
            + ",\"lastErrorAt\":" + time(status.lastErrorAt) + "}"
    }

    /// Prometheus lines for every poller: lag, pages, items, errors.
    static func metrics(_ pollers: [ChannelPoller]) -> String {
        guard !pollers.isEmpty else { return "" }
        var lines = [
            "# HELP channelgate_poller_lag_seconds Seconds between now and the newest update synced from the channel",
            "# TYPE channelgate_poller_lag_seconds gauge",
        ]
        let statuses = pollers.map(\.status)
        for status in statuses {
            lines.append("channelgate_poller_lag_seconds{channel=\"\(status.channel)\"} \(status.lagSeconds().map { String(Int($0)) } ?? "NaN")")
        }
        for (name, help, value) in [
            ("pages", "Pages fetched", { (status: PollerStatus) in status.pages }),
            ("items", "Items fetched", { (status: PollerStatus) in status.items }),
            ("errors", "Failed requests and rejected items", { (status: PollerStatus) in status.errors }),
        ] {
            lines.append("# HELP channelgate_poller_\(name)_total \(help)")
            lines.append("# TYPE channelgate_poller_\(name)_total counter")
            for status in statuses { lines.append("channelgate_poller_\(name)_total{channel=\"\(status.channel)\"} \(value(status))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
