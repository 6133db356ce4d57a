import Access
import UseCases
import Adapters
import Hummingbird
import Storage

/// `/healthz` (process alive), `/readyz` (store writable) and `/metrics` (Prometheus text).
struct HealthRoutes {
    let store: any StorageBackend
    let metrics: GatewayMetrics
    let configuration: GatewayConfiguration
    let pollers: [ChannelPoller]

    /// The probe paths (GET only): served even to an address over its connection cap, never shed, never behind a token.
    static let probePaths: Set<Substring> = ["/healthz", "/readyz", "/metrics"]

    func register(on router: DeclaredRouter) {
        router.get("/healthz", .probe) { _, _ in
            Response.json("{\"status\":\"ok\"}")
        }
        router.get("/readyz", .probe) { _, _ in
            if store.isWritable {
                return Response.json("{\"status\":\"ready\"}")
            }
            let reason = store.unavailableReason ?? "the store cannot write"
            return Response.json(
                "{\"status\":\"unavailable\",\"reason\":" + JSONText.quoted(reason) + "}", status: .serviceUnavailable,
                headers: [.retryAfter: String(configuration.retryAfterSeconds)]
            )
        }
        router.get("/metrics", .probe) { _, _ in
            metrics.storeWritable.set(to: store.isWritable ? 1 : 0)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition() + ChannelRoutes.metrics(pollers)))
            )
        }
    }
}
