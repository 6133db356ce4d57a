// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Settings every target shares: Swift 6 language mode with explicit existentials.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ChannelGate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "channelgate", targets: ["channelgate"]),
        .executable(name: "bench-echo", targets: ["BenchEcho"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already built for Hummingbird; named for the HTTP request/answer parts the connection guard and the tests' fake channel read.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // PostgreSQL's wire protocol in Swift on SwiftNIO (no libpq): the backend for several replicas.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        // Logic-less templates from the Hummingbird team: the operator console's server-rendered pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
    ],
    targets: [
        // System libraries (Debian: libsqlite3-dev, libcurl4-openssl-dev, libxml2-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // One SAX pass over libxml2 into the few elements a mapping reads (C: per-element work stays out of ARC).
        .target(name: "CXMLElementTree", dependencies: ["CLibXML2"]),

        // Dependency-free canonical order model, events and order state rules.
        .target(name: "CanonicalModel", swiftSettings: sharedSettings),
        // Payload readers and channel decoders that turn bytes into canonical events.
        .target(
            name: "Mapping",
            dependencies: ["CanonicalModel", "CLibXML2", "CXMLElementTree", .product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSettings
        ),
        // What ChannelGate needs of storage: typed records and the protocols a backend implements.
        .target(name: "Storage", dependencies: ["CanonicalModel"], swiftSettings: sharedSettings),
        // The SQLite backend: event log, order state, inbound archive, dead letters, configuration, on one file.
        .target(
            name: "SQLiteStore",
            dependencies: ["CanonicalModel", "Storage", "CSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: sharedSettings
        ),
        // The PostgreSQL backend: the same protocols over postgres-nio, for several gateway replicas on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "CanonicalModel", "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),
        // The ingest pipeline: message → mapping → events → store, with idempotency keys.
        .target(
            name: "Ingest",
            dependencies: [
                "CanonicalModel", "Mapping", "Storage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSettings
        ),
        // Who may call: JWT access tokens, client secrets, rate limits, load shedding, webhook signatures.
        .target(
            name: "Access",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: sharedSettings
        ),
        // The embedded forecasting core: hourly series, models chosen by backtest, intervals, accuracy, stocking.
        .target(name: "Forecasting", swiftSettings: sharedSettings),
        // The embedded routing core: fulfilment network, policies, decisions, failover, promise, review.
        // Optimised in debug builds too: a wave's search plans hundreds of thousands of orders, a hundred times slower
        // unoptimised, and the tests route 2,000-order waves.
        .target(
            name: "Routing", dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // How bytes move between channels and ChannelGate: the libcurl client and the pull pollers.
        .target(
            name: "Adapters",
            dependencies: ["CCurl", "CanonicalModel", "Mapping", "Storage", "Ingest", "Access", .product(name: "Logging", package: "swift-log")],
            swiftSettings: sharedSettings
        ),
        // Use cases and long-running services the HTTP edge, the CLI and a console all call: configuration, the store's
        // composition, access control and the client registry, routing and forecasting glue, subscription delivery,
        // outbound sync, pollers.
        .target(
            name: "UseCases",
            dependencies: [
                "CanonicalModel", "Mapping", "Storage", "SQLiteStore", "PostgresStore", "Ingest", "Adapters", "Access", "Routing",
                "Forecasting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: sharedSettings
        ),
        // The operator console's presentation: page models, Mustache templates, SVG charts, its script and stylesheet.
        .target(
            name: "Console",
            dependencies: [
                "UseCases", "CanonicalModel", "Mapping", "Storage", "Ingest", "Adapters", "Routing", "Forecasting",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: sharedSettings
        ),
        // The HTTP edge: routes, middleware, request context, errors, connection guard, metrics.
        .target(
            name: "Gateway",
            dependencies: [
                "UseCases", "CanonicalModel", "Mapping", "Storage", "Ingest", "Adapters", "Access", "CZlib", "Routing", "Forecasting", "Console",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: sharedSettings
        ),
        .executableTarget(
            name: "channelgate",
            dependencies: [
                "UseCases", "Gateway", "Console", "Mapping", "CanonicalModel", "Storage", "SQLiteStore", "Adapters", "Routing", "Forecasting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSettings
        ),
        // Bench-only baselines: a bare Hummingbird server that reads the body and answers 202, and the same after a durable
        // SQLite append (the floor any durable ingest pays).
        .executableTarget(
            name: "BenchEcho",
            dependencies: ["CSQLite", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: sharedSettings
        ),

        // Test helpers: child processes started with posix_spawn (Foundation's Process.run over-reads a buffer).
        .target(name: "CSpawn", path: "Tests/CSpawn"),
        .target(name: "TestSupport", dependencies: ["CSpawn"], path: "Tests/TestSupport", swiftSettings: sharedSettings),
        .testTarget(name: "CanonicalModelTests", dependencies: ["CanonicalModel"], swiftSettings: sharedSettings),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "CanonicalModel", "TestSupport"], swiftSettings: sharedSettings),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting"], swiftSettings: sharedSettings),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "TestSupport"], swiftSettings: sharedSettings),
        .testTarget(name: "AccessTests", dependencies: ["Access"], swiftSettings: sharedSettings),
        // The storage conformance suite: one set of tests against the Storage protocols, run on every backend.
        .testTarget(
            name: "StorageConformanceTests",
            dependencies: ["Storage", "SQLiteStore", "PostgresStore", "CanonicalModel", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "StoreTests", dependencies: ["SQLiteStore", "Storage", "CanonicalModel", "Ingest", "Mapping", "CSQLite", "TestSupport"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "UseCases", "Gateway", "Console", "Forecasting", "Adapters", "Access", "Storage", "SQLiteStore", "PostgresStore", "CanonicalModel", "CSQLite", "channelgate",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: sharedSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// In-process benchmarks (package-benchmark) are opt-in, so normal builds and CI never resolve or build them:
// CHANNELGATE_BENCHMARKS=1 swift package benchmark
if ProcessInfo.processInfo.environment["CHANNELGATE_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "MappingBenchmarks",
            dependencies: ["Mapping", "CanonicalModel", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/MappingBenchmarks",
            swiftSettings: sharedSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    package.targets.append(
        .executableTarget(
            name: "AccessBenchmarks",
            dependencies: ["Access", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/AccessBenchmarks",
            swiftSettings: sharedSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
