import CanonicalModel
import Forecasting
import Foundation
import Logging
import Routing
import Store
import Synchronization

/// Feeds the forecasting core from the event log: order counts per hour in total, per channel, per region and per
/// node, and units per SKU (overall and per node), each series per tenant; rebuilt from the log at start.
public final class ForecastCore: Sendable {
    public let book = ForecastBook()
    let store: EventStore
    let logger: Logger
    private let position = Mutex<Int64>(0)

    init(store: EventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The book's key of a tenant's series.
    static func key(_ tenant: String, _ series: String) -> String { tenant + "|" + series }

    /// Reads the whole log into the book, then closes the hours up to now.
    func catchUp() async throws {
        var after: Int64 = 0
        var count = 0
        while true {
            let events = try await store.waitForAllEvents(after: after, limit: 1000, wait: .zero)
            guard let last = events.last else { break }
            after = last.position
            for event in Self.inPlacementOrder(events) {
                await feed(event)
                count += 1
            }
        }
        position.withLock { $0 = after }
        await book.closeHours(before: Int64(Date().timeIntervalSince1970))
        await book.refitStale()
        let series = await book.seriesNames.count
        logger.info("forecasting core ready", metadata: ["events": "\(count)", "series": "\(series)"])
    }

    /// Follows the log; closes hours on a one-minute tick even when no order arrives.
    func follow() async {
        while !Task.isCancelled {
            let after = position.withLock { $0 }
            var atHead = true
            if let events = try? await store.waitForAllEvents(after: after, limit: 500, wait: .seconds(60)) {
                for event in Self.inPlacementOrder(events) { await feed(event) }
                if let last = events.last { position.withLock { $0 = max($0, last.position) } }
                atHead = events.count < 500
            } else {
                try? await Task.sleep(for: .seconds(1))
            }
            // Hours close only once the log is read to its end, so a backlog is never counted as empty hours.
            if atHead {
                await book.closeHours(before: Int64(Date().timeIntervalSince1970))
                await book.refitStale()
            }
        }
    }

    /// The applied events of a chunk, new orders sorted by when they were placed (concurrent ingest commits them a
    /// little out of order), so few counts arrive for hours already closed.
    static func inPlacementOrder(_ events: [FeedEvent]) -> [FeedEvent] {
        let placed = { (event: FeedEvent) -> String in
            guard event.type == EventType.orderCreated.rawValue, let range = event.envelope.range(of: "\"placedAt\":\"") else { return "" }
            return String(event.envelope[range.upperBound...].prefix(24))
        }
        return events.filter { $0.outcome == "applied" }.map { ($0, placed($0)) }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Counts one event into its series: new orders by placement hour, routed orders by node.
    func feed(_ event: FeedEvent) async {
        switch event.type {
        case EventType.orderCreated.rawValue:
            guard let data = RoutingOrderConversion.data(ofEnvelope: event.envelope),
                  let order = try? RoutingOrderConversion.reader.parse(Array(data.utf8))
            else { return }
            let placed = order["placedAt"]?.scalarText.flatMap(Timestamp.parse) ?? Date()
            let at = Int64(placed.timeIntervalSince1970)
            var series = ["total", "channel:" + event.channel]
            if let region = order["shippingAddress"]?["province"]?.scalarText ?? order["shippingAddress"]?["city"]?.scalarText {
                series.append("region:" + region)
            }
            for name in series { await book.record(series: Self.key(event.tenant, name), count: 1, at: at) }
            if case .array(let lines)? = order["lines"] {
                for line in lines {
                    guard let sku = line["sku"]?.scalarText, let units = line["quantity"]?.scalarText.flatMap(Double.init) else { continue }
                    await book.record(series: Self.key(event.tenant, "sku:" + sku), count: units, at: at)
                }
            }
        case EventType.orderRouted.rawValue:
            guard let decision = RoutingCore.decision(in: event), decision.status == .routed else { return }
            let envelope = try? RoutingOrderConversion.reader.parse(Array(event.envelope.utf8))
            let at = Int64((envelope?["time"]?.scalarText.flatMap(Timestamp.parse) ?? Date()).timeIntervalSince1970)
            for shipment in decision.shipments {
                await book.record(series: Self.key(event.tenant, "node:" + shipment.nodeId), count: 1, at: at)
                for line in shipment.lines {
                    await book.record(series: Self.key(event.tenant, "node:" + shipment.nodeId + "|sku:" + line.sku), count: Double(line.quantity), at: at)
                }
            }
        default:
            break
        }
    }
}
