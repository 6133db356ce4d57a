import Access
import Adapters
import Foundation
import Ingest
import Logging
import Mapping
import Routing
import ServiceLifecycle
import Storage

/// Every module of ChannelGate wired together over one store: what the HTTP edge, the CLI and a console call, and the
/// background services that run beside them. The composition root.
public final class ChannelGateServices: Sendable {
    public let configuration: GatewayConfiguration
    public let store: any StorageBackend
    public let ingest: IngestService
    public let publisher: MappingPublisher
    /// Tokens, clients, rate limits and load shedding.
    public let access: AccessControl
    /// Personal data as each caller may see it.
    public let personalData: PersonalDataView
    /// The forecasting core, fed from the event log.
    public let forecasting: ForecastCore
    /// The routing core, when a fulfilment network is configured.
    public let routing: RoutingCore?
    /// The channels pulled on a schedule.
    public let pollers: [ChannelPoller]
    /// Posts events to subscribers.
    public let delivery: SubscriptionDelivery
    /// This process's name in leases: host, process id and a random part.
    let owner: String
    let deliveryClient = CurlHTTPClient(configuration: {
        var configuration = CurlHTTPClient.Configuration()
        configuration.totalTimeout = .seconds(10)
        return configuration
    }())
    private let logger: Logger

    /// Opens (creating if needed) the data directory and store named by `configuration`.
    public init(configuration: GatewayConfiguration, logger: Logger, onCommit: @escaping @Sendable (_ batchSize: Int) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.logger = logger
        try StoreComposition.prepareDataDirectory(configuration, logger: logger)
        let cipher = try Self.personalDataCipher(configuration)
        personalData = PersonalDataView(cipher: cipher, accessRequired: configuration.access.required)
        delivery = SubscriptionDelivery(client: deliveryClient, personalData: personalData)
        store = try StoreComposition.open(configuration, cipher: cipher, logger: logger, onCommit: onCommit)
        ingest = IngestService(
            store: store, channels: try Self.channels(configuration),
            jsonLimits: JSONReader.Limits(maxDepth: configuration.maxJSONDepth, maxBytes: configuration.maxBodyBytes), logger: logger,
            sealPersonalData: cipher.sealText
        )
        publisher = MappingPublisher(
            ingest: ingest, contractsDirectory: configuration.contractTestsDirectory, mappingsDirectory: configuration.mappingsDirectory
        )
        try publisher.loadPublished()
        forecasting = ForecastCore(
            store: store, logger: logger, promotions: configuration.promotions, holidays: configuration.holidays,
            tenantHolidays: configuration.tenantHolidays
        )
        let owner = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier) + ":" + UUID().uuidString.prefix(8)
        self.owner = owner
        if let network = configuration.routingNetworkFile {
            do {
                let engine = try RoutingEngine(networkFile: network, policyFile: configuration.routingPolicyFile)
                // A policy published through the API outlives the file it started from.
                if let active = try store.routingPolicyVersions().first(where: { $0.active }) {
                    engine.replacePolicy(try RoutingPolicyLoader.parse(active.source, file: "routing policy v\(active.version)"))
                }
                routing = RoutingCore(engine: engine, store: store, logger: logger, owner: owner)
            } catch {
                throw ConfigurationError(message: "routing: \(error)")
            }
        } else {
            routing = nil
        }
        var pollerClientConfiguration = CurlHTTPClient.Configuration()
        pollerClientConfiguration.totalTimeout = .seconds(configuration.pollerRequestTimeoutSeconds)
        let pollerClient = CurlHTTPClient(configuration: pollerClientConfiguration)
        let ingest = self.ingest
        let store = self.store
        pollers = try configuration.pollers.map { definition in
            guard ingest.channel(named: definition.channel) != nil else {
                throw ConfigurationError(message: "poller for \(definition.channel): no such channel (configure it or add mappings/\(definition.channel).yaml)")
            }
            var client = pollerClient
            if var transport = definition.transport {
                transport.totalTimeout = pollerClientConfiguration.totalTimeout
                client = CurlHTTPClient(configuration: transport)
            }
            return ChannelPoller(
                definition: definition, ingest: ingest, store: store, client: client, logger: logger, owner: owner,
                backoffBaseSeconds: configuration.pollerBackoffBaseSeconds
            )
        }
        let fetcher = CurlHTTPClient()
        access = AccessControl(
            configuration: configuration.access, store: store, keyEncryption: try Self.keyEncryptionCipher(configuration), owner: owner
        ) { url in
            let response = try await fetcher.send("GET", url, headers: ["Accept": "application/json"])
            guard response.status == 200 else { throw AccessControlError("JWKS fetch answered \(response.status)") }
            return response.body
        }
    }

    /// The personal-data cipher from `CHANNELGATE_PII_KEYS` or the key file, creating the file with one random key if missing.
    static func personalDataCipher(_ configuration: GatewayConfiguration) throws -> PersonalDataCipher {
        try keyring(
            text: configuration.personalDataKeys, path: configuration.personalDataKeyFile ?? configuration.dataDirectory + "/pii.keys",
            header: "# ChannelGate personal-data keys: <key id> <base64 of 32 bytes>, newest first. Keep a backup: without it\n"
                + "# stored names, phones, emails and addresses cannot be read.\n",
            firstKeyId: "k1"
        )
    }

    /// The key-encryption keys that seal the token-signing keys, from `CHANNELGATE_KEY_ENCRYPTION_KEYS` or the key file.
    static func keyEncryptionCipher(_ configuration: GatewayConfiguration) throws -> PersonalDataCipher {
        try keyring(
            text: configuration.keyEncryptionKeys, path: configuration.keyEncryptionKeyFile ?? configuration.dataDirectory + "/signing.keys",
            header: "# ChannelGate key-encryption keys for the token-signing keys: <key id> <base64 of 32 bytes>, newest first.\n"
                + "# To rotate, add a new line at the top and restart: stored signing keys are sealed again with it.\n",
            firstKeyId: "kek1"
        )
    }

    /// AES-256 keys from `text` when given, else from the file at `path`, created (mode 0600) with one random key if missing.
    static func keyring(text: String?, path: String, header: String, firstKeyId: String) throws -> PersonalDataCipher {
        if let text { return try PersonalDataCipher(keyText: text) }
        if !FileManager.default.fileExists(atPath: path) {
            let content = header + PersonalDataCipher.newKeyLine(id: firstKeyId) + "\n"
            guard FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigurationError(message: "cannot create the key file \(path)")
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(message: "cannot read the key file \(path)")
        }
        do {
            return try PersonalDataCipher(keyText: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(message: "\(path): \(error)")
        }
    }

    /// The client every fresh install gets, with every scope, so the quick start can fetch a token.
    public static let demoClientId = "demo"

    /// Where a fresh install keeps the demo client's secret (mode 0600) for the quick start.
    public var demoSecretPath: String { configuration.dataDirectory + "/demo-client.secret" }

    /// Loads signing keys and limits (making a key on a fresh store) and, on a store without clients, creates the demo client.
    /// Returns the demo client's secret when it was just created. Call before serving.
    @discardableResult
    public func prepare() async throws -> String? {
        try await access.start()
        guard configuration.access.createDemoClient, try store.clients(tenant: nil).isEmpty else { return nil }
        let scopes = [AccessScope.ordersWriteAny, AccessScope.ordersRead, AccessScope.eventsRead, AccessScope.piiRead, AccessScope.admin]
        let created = try await ClientRegistry(store: store).create(
            tenant: configuration.defaultTenant, name: "Demo client (every scope)", scopes: scopes, clientId: Self.demoClientId, actor: "system"
        )
        guard FileManager.default.createFile(atPath: demoSecretPath, contents: Data(created.secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(message: "cannot write \(demoSecretPath)")
        }
        return created.secret
    }

    /// The configured channels plus one per mapping in the mappings folder; an invalid mapping stops the start.
    static func channels(_ configuration: GatewayConfiguration) throws -> [ChannelDefinition] {
        let mappings = try MappingCatalog.load(directory: configuration.mappingsDirectory)
        var channels: [String: ChannelDefinition] = [:]
        for mapping in mappings { channels[mapping.channel] = ChannelDefinition(mapping: mapping) }
        for channel in configuration.channels {
            if channel.format == .mapping {
                guard var mapped = channels[channel.name] else {
                    throw ConfigurationError(message: "channel \(channel.name) has format mapping but \(configuration.mappingsDirectory)/\(channel.name).yaml is missing")
                }
                mapped.onInvalid = channel.onInvalid
                channels[channel.name] = mapped
            } else {
                guard channels[channel.name]?.format != .mapping else {
                    throw ConfigurationError(message: "channel \(channel.name) is mapped by \(configuration.mappingsDirectory)/\(channel.name).yaml; configure it with format: mapping")
                }
                channels[channel.name] = channel
            }
        }
        return channels.values.sorted { $0.name < $1.name }
    }

    /// The service that delivers events to subscribers.
    var dispatcher: SubscriptionDispatcher {
        SubscriptionDispatcher(
            store: store, delivery: delivery, policy: configuration.deliveryRetry, logger: logger, refreshInterval: .seconds(1),
            leases: LeaseSpread(store: store, kind: "subscription", owner: owner, logger: logger)
        )
    }

    /// The service that pushes outbox entries back to channels.
    var outboundSync: OutboundSync {
        OutboundSync(
            store: store, definitions: configuration.outbound, client: deliveryClient, personalData: personalData, logger: logger,
            backoffBaseSeconds: configuration.pollerBackoffBaseSeconds,
            leases: LeaseSpread(store: store, kind: "outbound", owner: owner, logger: logger)
        )
    }

    /// The background services, in start order (they stop in reverse): configuration refresh, subscription delivery, pollers,
    /// outbound sync, routing and forecasting.
    public func backgroundServices() -> [any Service] {
        [
            ConfigurationRefreshService(
                store: store, access: access, mappings: { [publisher] in try publisher.loadPublished() }, interval: .seconds(1), logger: logger
            ),
            dispatcher, PollerService(pollers: pollers),
            outboundSync, RoutingService(core: routing), ForecastService(core: forecasting),
        ]
    }
}
