import UseCases
import Access
import Adapters
import Console
import Foundation
import Routing
import Hummingbird
import Ingest
import Logging
import Mapping
import NIOCore
import ServiceLifecycle
import Storage
import UnixSignals

/// The running gateway: ChannelGate's services behind the HTTP edge, with its metrics.
public final class GatewayServer: Sendable {
    /// Every module wired over the store.
    public let services: ChannelGateServices
    public let metrics: GatewayMetrics
    private let logger: Logger
    /// The operator console's templates and static files.
    private let console: (renderer: ConsoleRenderer, assets: ConsoleAssets)

    public var configuration: GatewayConfiguration { services.configuration }
    public var store: any StorageBackend { services.store }
    public var ingest: IngestService { services.ingest }
    public var publisher: MappingPublisher { services.publisher }
    /// Tokens, clients, rate limits and load shedding.
    public var access: AccessControl { services.access }
    var personalData: PersonalDataView { services.personalData }
    /// The forecasting core, fed from the event log.
    public var forecasting: ForecastCore { services.forecasting }
    /// The routing core, when a fulfilment network is configured.
    public var routing: RoutingCore? { services.routing }
    /// The channels pulled on a schedule.
    public var pollers: [ChannelPoller] { services.pollers }

    /// Opens (creating if needed) the data directory and store named by `configuration`.
    public init(configuration: GatewayConfiguration, logger: Logger) throws {
        let metrics = GatewayMetrics()
        self.metrics = metrics
        self.logger = logger
        console = (try ConsoleRenderer(), try ConsoleAssets())
        services = try ChannelGateServices(configuration: configuration, logger: logger) { batchSize in
            metrics.commitBatchSize.record(Double(batchSize))
        }
    }

    /// The client every fresh install gets, with every scope, so the quick start can fetch a token.
    public static var demoClientId: String { ChannelGateServices.demoClientId }

    /// Where a fresh install keeps the demo client's secret (mode 0600) for the quick start.
    public var demoSecretPath: String { services.demoSecretPath }

    /// Loads signing keys and limits and creates the demo client on a fresh store; returns its secret when just created.
    @discardableResult
    public func prepare() async throws -> String? { try await services.prepare() }

    /// The router with every route and middleware (also what in-process tests drive without a socket).
    public func makeRouter() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        let catalog = RouteCatalog()
        let routes = DeclaredRouter(router: router, catalog: catalog)
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(retryAfterSeconds: configuration.retryAfterSeconds))
        router.add(middleware: AccessMiddleware(access: access, routes: catalog, maxBodyBytes: configuration.maxBodyBytes, defaultTenant: configuration.defaultTenant))
        router.add(middleware: TenantMiddleware(defaultTenant: configuration.defaultTenant, trustHeader: configuration.trustTenantHeader))
        IngestRoutes(ingest: ingest, configuration: configuration, metrics: metrics).register(on: routes)
        BatchRoutes(ingest: ingest, configuration: configuration).register(on: routes)
        OrderRoutes(store: store, configuration: configuration, personalData: personalData).register(on: routes)
        EventFeedRoutes(store: store, configuration: configuration, personalData: personalData).register(on: routes)
        DeadLetterRoutes(ingest: ingest, configuration: configuration).register(on: routes)
        MappingRoutes(ingest: ingest, publisher: publisher, configuration: configuration).register(on: routes)
        HealthRoutes(store: store, metrics: metrics, configuration: configuration, pollers: pollers).register(on: routes)
        ChannelRoutes(ingest: ingest, pollers: pollers).register(on: routes)
        OutboxRoutes(ingest: ingest, store: store, configuration: configuration).register(on: routes)
        RoutingRoutes(core: routing, store: store).register(on: routes)
        RoutingPolicyRoutes(core: routing, store: store).register(on: routes)
        ForecastRoutes(core: forecasting).register(on: routes)
        TokenRoutes(access: access).register(on: routes)
        AdminRoutes(access: access, store: store, configuration: configuration).register(on: routes)
        SubscriptionRoutes(store: store, delivery: services.delivery).register(on: routes)
        DraftMappingRoutes(services: services).register(on: routes)
        ConsoleRoutes(services: services, renderer: console.renderer, assets: console.assets).register(on: routes)
        return router
    }

    /// A service group running the HTTP server; `onServerRunning` gets the bound port.
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        let application = Application(
            router: makeRouter(),
            server: .guardedHTTP1(
                idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)), limits: configuration.connectionLimits,
                counter: ConnectionCounter(maximumPerAddress: configuration.connectionLimits.maxConnectionsPerAddress),
                onCut: { [metrics] cut in metrics.recordConnectionCut(cut.rawValue) }
            ),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "channelgate"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Services stop in reverse order: the HTTP server first (it stops accepting at once and finishes the requests
        // it has), then the background work; past the grace period whatever is left is cancelled. The store closes after.
        var group = ServiceGroupConfiguration(
            services: services.backgroundServices() + [application],
            gracefulShutdownSignals: gracefulShutdownSignals, logger: logger
        )
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        group.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: group)
    }

    /// Serves until SIGTERM or SIGINT, then finishes in-flight requests and closes the store.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { store.close() }
        try await serviceGroup(onServerRunning: onServerRunning).run()
    }
}
