import Access
import Foundation

/// How one channel is pulled: where from, how pages and time windows work, how to authenticate, how fast.
public struct PollerDefinition: Sendable {
    /// The channel whose ingest pipeline (mapping → events → store) the fetched items go through.
    public var channel: String
    public var tenant: String
    /// The list endpoint.
    public var url: String
    /// Seconds between the end of one sync round and the start of the next.
    public var intervalSeconds: Double = 60
    public var paging: PagingStyle = .page(parameter: "page", sizeParameter: "page_size", size: 100, first: 1)
    /// Dot path of the item array in a page (`orders`, `data.items`); empty when the page is the array itself.
    public var itemsPath: String = ""
    /// Incremental sync by update time; nil re-reads everything each round (duplicates are recognised and dropped).
    public var window: TimeWindow?
    public var authentication: PollerAuthentication = .none
    /// Requests per second and burst toward the channel.
    public var rateLimit = RateLimit(rate: 5, burst: 5)
    /// Most requests one round may make (the channel's daily quota divided over the rounds).
    public var requestBudget: Int = 10_000
    /// Attempts per page before the round gives up (429 waits do not count).
    public var maxAttempts: Int = 6
    /// Rounds failing in a row before the circuit opens, and how long it stays open.
    public var breakerThreshold: Int = 3
    public var breakerCooldownSeconds: Double = 300
    /// Every Nth round re-reads the last `reconcileWindowSeconds` instead of continuing from the high-water mark.
    public var reconcileEveryRounds: Int = 0
    public var reconcileWindowSeconds: Int64 = 86_400
    /// Seconds the lease on this channel lasts (renewed every page); after a crash another process takes over once it
    /// runs out. Correctness never depends on it: checkpoints are saved only by the lease holder and items are idempotent.
    public var leaseSeconds: Double = 30
    /// TLS and proxy settings for this channel (CA bundle, client certificate for mutual TLS, proxy); nil uses the defaults.
    public var transport: CurlHTTPClient.Configuration?
    /// Content type the items are ingested as.
    public var contentType: String = "application/json"

    /// Creates a PollerDefinition from its parts.
    public init(channel: String, tenant: String, url: String) {
        self.channel = channel
        self.tenant = tenant
        self.url = url
    }

    /// Incremental sync: the query parameter carrying the lower bound, its format, and where items keep their update time.
    public struct TimeWindow: Sendable {
        public var parameter: String = "updated_after"
        public var format: TimeFormat = .iso8601
        /// Dot path of an item's update time.
        public var updatedPath: String = "updated_at"
        /// Seconds re-read before the high-water mark, for clock skew and late writes upstream.
        public var overlapSeconds: Int64 = 300
        /// Where the very first round starts, in seconds before now.
        public var initialLookbackSeconds: Int64 = 7 * 86_400

        /// Creates TimeWindow with its defaults.
        public init() {}
    }

    /// How a time travels in the window parameter.
    public enum TimeFormat: String, Sendable {
        case iso8601, unixSeconds = "unix", unixMilliseconds = "unix_ms"
    }
}

/// How a list endpoint pages.
public enum PagingStyle: Sendable, Equatable {
    /// `?page=N&page_size=S`, starting at `first`; an empty or short page ends the round.
    case page(parameter: String, sizeParameter: String, size: Int, first: Int)
    /// `?offset=N&limit=S`.
    case offset(parameter: String, sizeParameter: String, size: Int)
    /// `?cursor=TOKEN`, the next token at a dot path of the page; absent or empty ends the round.
    case cursor(parameter: String, nextPath: String, sizeParameter: String?, size: Int)
    /// The next page's full URL in the `Link: <…>; rel="next"` header or at a dot path of the page.
    case link(nextPath: String?)
}

/// How the poller authenticates to the channel.
public enum PollerAuthentication: Sendable {
    case none
    /// A fixed key in a header (`X-Api-Key: …`, or `Authorization: Bearer …`).
    case apiKey(header: String, value: String)
    /// OAuth2 client credentials against the channel's token URL; the token is cached and refreshed.
    case oauth2(tokenURL: String, clientId: String, clientSecret: String, scope: String?)
    /// Taobao/TOP: `app_key`, `timestamp`, `sign_method`, `v` and `sign` added to the query.
    case taobaoTOP(appKey: String, secret: String, method: String?)
}
