import Adapters
import Forecasting
import Ingest
import Logging
import PostgresStore

/// Everything `channelgate serve` needs, with defaults good for one machine.
public struct GatewayConfiguration: Sendable {
    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    public var port: Int = 8080
    /// Directory holding the SQLite store (`channelgate.sqlite`).
    public var dataDirectory: String = "./data"
    /// Largest accepted request body in bytes.
    public var maxBodyBytes: Int = 1 << 20
    /// Largest accepted batch upload (`/v1/channels/{channel}/batches`) in bytes; each line is limited by ``maxBodyBytes``.
    public var maxBatchBytes: Int = 256 << 20
    /// Deepest JSON nesting accepted.
    public var maxJSONDepth: Int = 64
    /// The tenant of a single-company install; every request belongs to it until tokens carry tenants.
    public var defaultTenant: String = "default"
    /// Accept the `X-Tenant-Id` header to pick a tenant (tests and trusted front proxies only).
    public var trustTenantHeader: Bool = false
    /// The folder of channel mappings (`<channel>.yaml`) loaded at start; each one adds its channel.
    public var mappingsDirectory: String = "./mappings"
    /// The contract-test folders a published mapping version must pass (`<channel>/`).
    public var contractTestsDirectory: String = "./contract-tests"
    /// Channels accepted besides the built-in `canonical` one and the mapped ones; an entry naming a mapped
    /// channel sets its `onInvalid` policy.
    public var channels: [ChannelDefinition] = [ChannelDefinition(name: "webshop", onInvalid: .deadLetter)]
    /// How long a write waits for a lock held elsewhere before the store reports unavailable.
    public var storeBusyTimeoutMilliseconds: Int = 2000
    /// Seconds clients are told to wait (`Retry-After`) when the store cannot write.
    public var retryAfterSeconds: Int = 1
    /// Longest long-poll wait on `/v1/events`, in seconds.
    public var maxFeedWaitSeconds: Int = 30
    /// Seed demo orders into a fresh store.
    public var seedDemoData: Bool = true
    /// Log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel: Logger.Level = .info

    /// Seconds a connection may sit idle (including a client that stops sending its body) before it is closed.
    public var idleTimeoutSeconds: Int = 30
    /// Seconds a graceful stop (SIGTERM, SIGINT) waits for requests in flight and background work before cancelling them.
    public var shutdownGraceSeconds: Int = 10
    /// Header and body deadlines, the minimum body rate and the per-address connection cap.
    public var connectionLimits = ConnectionLimits()
    /// The AES-256 keys that encrypt personal data at rest (`<id> <base64>` per line, newest first); created with one
    /// random key when missing. Nil means `dataDir/pii.keys`. `CHANNELGATE_PII_KEYS` (the same text) takes precedence.
    public var personalDataKeyFile: String?
    /// Key text from the environment, in the key file's format.
    public var personalDataKeys: String?
    /// The AES-256 key-encryption keys that seal the token-signing keys at rest, in the personal-data key file's format;
    /// created with one random key when missing. Nil means `dataDir/signing.keys`. `CHANNELGATE_KEY_ENCRYPTION_KEYS` takes precedence.
    public var keyEncryptionKeyFile: String?
    /// Key-encryption key text from the environment.
    public var keyEncryptionKeys: String?
    /// Channels pulled over HTTP on a schedule.
    public var pollers: [PollerDefinition] = []
    /// Longest time one request to a pulled channel may take.
    public var pollerRequestTimeoutSeconds: Int = 30
    /// Seconds of a poller's first retry wait (doubling after each failure).
    public var pollerBackoffBaseSeconds: Double = 0.5
    /// Promotion periods the forecasting core keeps out of its baselines (`forecasting.promotions`).
    public var promotions: [PromotionPeriod] = []
    /// Holidays of every tenant's calendar (`forecasting.holidays`): kept out of baselines, forecast with last year's lift.
    public var holidays: [Holiday] = []
    /// Holidays of single tenants' calendars (`forecasting.tenants.<tenant>.holidays`), added to ``holidays``.
    public var tenantHolidays: [String: [Holiday]] = [:]
    /// The fulfilment network (YAML or CSV) the routing core routes orders to; nil turns routing off.
    public var routingNetworkFile: String?
    /// The routing policy (YAML); nil uses the built-in default.
    public var routingPolicyFile: String?
    /// Channels that get changes raised inside ChannelGate (shipments, cancellations) pushed back.
    public var outbound: [OutboundDefinition] = []
    /// How event deliveries to subscribers are retried.
    public var deliveryRetry = DeliveryRetryPolicy()
    /// Tokens, rate limits, load shedding and webhook signatures.
    public var access = AccessConfiguration()

    /// Creates GatewayConfiguration with its defaults.
    public init() {}

    /// The store URL: `sqlite:PATH`, or `postgresql://…` for several replicas on one database; nil is the SQLite
    /// file in ``dataDirectory``.
    public var storeURL: String?

    /// The SQLite file: `sqlite:PATH` from ``storeURL``, else `channelgate.sqlite` inside ``dataDirectory``.
    public var storePath: String {
        if let storeURL, storeURL.hasPrefix("sqlite:") { return String(storeURL.dropFirst("sqlite:".count)) }
        return dataDirectory + "/channelgate.sqlite"
    }

    /// True when the store is a PostgreSQL database.
    public var storeIsPostgreSQL: Bool { storeURL.map { $0.hasPrefix("postgresql://") || $0.hasPrefix("postgres://") } ?? false }

    /// Where the store is, for logs (passwords left out).
    public var storeDescription: String {
        guard let storeURL, storeIsPostgreSQL else { return storePath }
        return (try? PostgresLocation(url: storeURL).description) ?? "postgresql"
    }
}
