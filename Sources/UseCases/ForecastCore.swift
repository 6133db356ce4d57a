import CanonicalModel
import Mapping
import Forecasting
import Foundation
import Logging
import Routing
import Storage
import Synchronization

/// Feeds the forecasting core from the event log: order counts per hour in total, per channel, per region and per
/// node, and units per SKU (overall and per node), each series per tenant; rebuilt from the log at start.
public final class ForecastCore: Sendable {
    public let book: ForecastBook
    let store: any StorageBackend
    let logger: Logger
    private let position = Mutex<Int64>(0)

    /// A forecasting core fed from `store`'s event log, with known promotion periods and holiday calendars.
    public init(
        store: any StorageBackend, logger: Logger, promotions: [PromotionPeriod] = [], holidays: [Holiday] = [],
        tenantHolidays: [String: [Holiday]] = [:]
    ) {
        var configuration = ForecastConfiguration()
        configuration.promotions = promotions
        configuration.holidays = holidays
        book = ForecastBook(configuration: configuration, tenantHolidays: tenantHolidays)
        self.store = store
        self.logger = logger
    }

    /// The book's key of a tenant's series.
    public static func key(_ tenant: String, _ series: String) -> String { tenant + "|" + series }

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
                for (index, event) in Self.inPlacementOrder(events).enumerated() {
                    await feed(event)
                    // Spread the counting out instead of holding a cooperative thread for the whole chunk, so
                    // requests arriving meanwhile are not queued behind it.
                    if index % 32 == 31 { try? await Task.sleep(for: .milliseconds(2)) }
                }
                if let last = events.last { position.withLock { $0 = max($0, last.position) } }
                atHead = events.count < 500
                // Counting can wait a moment: reading once a second keeps the core off the ingest path's CPU.
                if atHead { try? await Task.sleep(for: .seconds(1)) }
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

    /// The applied events of a chunk with new orders parsed once and sorted by when they were placed (concurrent
    /// ingest commits them a little out of order), so few counts arrive for hours already closed.
    static func inPlacementOrder(_ events: [FeedEvent]) -> [(event: FeedEvent, order: OrderDemandFacts?, at: Int64)] {
        events.filter { $0.outcome == .applied }.map { event -> (event: FeedEvent, order: OrderDemandFacts?, at: Int64) in
            guard event.type == .orderCreated, let order = OrderDemandFacts(json: Array(event.data.utf8)) else {
                return (event, nil, 0)
            }
            let placed = order.placedAt.flatMap(Timestamp.parse) ?? Date()
            return (event, order, Int64(placed.timeIntervalSince1970))
        }.sorted { $0.at < $1.at }
    }

    /// Counts one event into its series: new orders (parsed, with their placement time) by hour, routed orders by node.
    func feed(_ item: (event: FeedEvent, order: OrderDemandFacts?, at: Int64)) async {
        let event = item.event
        switch event.type {
        case .orderCreated:
            guard let order = item.order else { return }
            let at = item.at
            var series = ["total", "channel:" + event.channel]
            if let region = order.province ?? order.city {
                series.append("region:" + region)
            }
            for name in series { await book.record(series: Self.key(event.tenant, name), count: 1, at: at) }
            for line in order.lines {
                guard let sku = line.sku, let units = line.quantity.flatMap(Double.init) else { continue }
                await book.record(series: Self.key(event.tenant, "sku:" + sku), count: units, at: at)
            }
        case .orderRouted:
            guard let decision = RoutingCore.decision(in: event), decision.status == .routed else { return }
            let at = Int64((event.recordedAt.flatMap(Timestamp.parse) ?? Date()).timeIntervalSince1970)
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
