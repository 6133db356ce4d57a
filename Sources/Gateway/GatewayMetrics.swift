import UseCases
import Prometheus
import Synchronization

/// The gateway's Prometheus metrics, in a registry of its own (one per application, so tests stay apart).
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let eventsCommitted: Counter
    let deadLetters: Counter
    let commitBatchSize: ValueHistogram
    let storeWritable: Gauge
    private let connectionCuts = Mutex<[String: Counter]>([:])
    private let requestMetrics = Mutex<[RequestKey: (Counter, DurationHistogram)]>([:])

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    public init() {
        eventsCommitted = registry.makeCounter(
            descriptor: .init(namespace: "channelgate", metricName: "events_committed", unitName: "total", helpText: "Canonical events committed to the store")
        )
        deadLetters = registry.makeCounter(
            descriptor: .init(namespace: "channelgate", metricName: "dead_letters", unitName: "total", helpText: "Messages kept as dead letters")
        )
        commitBatchSize = registry.makeValueHistogram(
            descriptor: .init(namespace: "channelgate", metricName: "store_commit_batch", unitName: "size", helpText: "Write jobs per group commit"),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        )
        storeWritable = registry.makeGauge(
            descriptor: .init(namespace: "channelgate", metricName: "store_writable", unitName: "", helpText: "1 while the store can write")
        )
    }

    /// Counts one connection refused or cut by the connection guard, by reason.
    func recordConnectionCut(_ reason: String) {
        let counter = connectionCuts.withLock { cache in
            if let found = cache[reason] { return found }
            let made = registry.makeCounter(
                descriptor: .init(
                    namespace: "channelgate", subsystem: "http", metricName: "connections_cut", unitName: "total",
                    helpText: "Connections refused or cut: too many per address, headers or body too slow, linger over"
                ),
                labels: [("reason", reason)]
            )
            cache[reason] = made
            return made
        }
        counter.increment()
    }

    /// Counts one answered request.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let key = RequestKey(route: route, method: method, status: status)
        let (counter, histogram) = requestMetrics.withLock { cache in
            if let found = cache[key] { return found }
            let made = (
                registry.makeCounter(
                    descriptor: .init(namespace: "channelgate", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered"),
                    labels: [("route", route), ("method", method), ("status", String(status))]
                ),
                registry.makeDurationHistogram(
                    descriptor: .init(namespace: "channelgate", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency"),
                    labels: [("route", route), ("method", method)],
                    buckets: Self.latencyBuckets
                )
            )
            cache[key] = made
            return made
        }
        counter.increment()
        histogram.record(.nanoseconds(Int64(seconds * 1e9)))
    }

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
