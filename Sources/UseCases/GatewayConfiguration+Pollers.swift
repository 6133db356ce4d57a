import Access
import Adapters
import Foundation
import Ingest
import Yams

extension GatewayConfiguration {
    /// Parses `pollers:`, a list of `{channel, url, tenant, intervalSeconds, itemsPath, paging, window, auth, rateLimit,
    /// requestBudget, maxAttempts, leaseSeconds, breaker, reconcile}`; secrets come from `secretEnv` or `secretFile`.
    static func pollers(_ node: Node, _ at: String, defaultTenant: String, environment: [String: String]) throws -> [PollerDefinition] {
        guard let sequence = node.sequence else { throw ConfigurationError(message: "\(at): expected a list of pollers") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let mapping = item.mapping, let channel = mapping["channel"]?.string, let url = mapping["url"]?.string else {
                throw ConfigurationError(message: "\(itemAt): each poller needs a channel and a url")
            }
            guard ChannelDefinition.isValidName(channel) else { throw ConfigurationError(message: "\(itemAt): bad channel name \(channel)") }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
                throw ConfigurationError(message: "\(itemAt): url must be http or https")
            }
            var poller = PollerDefinition(channel: channel, tenant: mapping["tenant"]?.string ?? defaultTenant, url: url)
            if let value = mapping["intervalSeconds"] { poller.intervalSeconds = Double(try integer(value, itemAt + ".intervalSeconds", range: 1...86400)) }
            if let value = mapping["itemsPath"]?.string { poller.itemsPath = value }
            if let value = mapping["requestBudget"] { poller.requestBudget = try integer(value, itemAt + ".requestBudget", range: 1...10_000_000) }
            if let value = mapping["maxAttempts"] { poller.maxAttempts = try integer(value, itemAt + ".maxAttempts", range: 1...100) }
            if let value = mapping["rateLimit"] { poller.rateLimit = try rateLimit(value, itemAt + ".rateLimit") }
            if let value = mapping["contentType"]?.string { poller.contentType = value }
            if let tls = mapping["transport"]?.mapping {
                var transport = CurlHTTPClient.Configuration()
                transport.caBundlePath = tls["caBundle"]?.string
                transport.clientCertificatePath = tls["clientCertificate"]?.string
                transport.clientKeyPath = tls["clientKey"]?.string
                transport.proxy = tls["proxy"]?.string
                if transport.clientCertificatePath != nil, transport.clientKeyPath == nil {
                    throw ConfigurationError(message: "\(itemAt).transport: clientCertificate needs clientKey")
                }
                poller.transport = transport
            }
            if let value = mapping["leaseSeconds"] { poller.leaseSeconds = Double(try integer(value, itemAt + ".leaseSeconds", range: 1...3600)) }
            if let paging = mapping["paging"] { poller.paging = try Self.paging(paging, itemAt + ".paging") }
            if let window = mapping["window"] { poller.window = try Self.window(window, itemAt + ".window") }
            if let auth = mapping["auth"] { poller.authentication = try Self.pollerAuthentication(auth, itemAt + ".auth", environment: environment) }
            if let breaker = mapping["breaker"]?.mapping {
                if let value = breaker["threshold"] { poller.breakerThreshold = try integer(value, itemAt + ".breaker.threshold", range: 1...1000) }
                if let value = breaker["cooldownSeconds"] {
                    poller.breakerCooldownSeconds = Double(try integer(value, itemAt + ".breaker.cooldownSeconds", range: 1...86400))
                }
            }
            if let reconcile = mapping["reconcile"]?.mapping {
                if let value = reconcile["everyRounds"] { poller.reconcileEveryRounds = try integer(value, itemAt + ".reconcile.everyRounds", range: 0...100_000) }
                if let value = reconcile["windowSeconds"] {
                    poller.reconcileWindowSeconds = Int64(try integer(value, itemAt + ".reconcile.windowSeconds", range: 60...(400 * 86400)))
                }
            }
            return poller
        }
    }

    /// Parses `outbound:`, a list of `{channel, url, method, auth, maxAttempts}`.
    static func outbound(_ node: Node, _ at: String, environment: [String: String]) throws -> [OutboundDefinition] {
        guard let sequence = node.sequence else { throw ConfigurationError(message: "\(at): expected a list") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let mapping = item.mapping, let channel = mapping["channel"]?.string, let url = mapping["url"]?.string else {
                throw ConfigurationError(message: "\(itemAt): each outbound entry needs a channel and a url")
            }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ConfigurationError(message: "\(itemAt): url must be http or https") }
            var definition = OutboundDefinition(channel: channel, url: url)
            if let method = mapping["method"]?.string {
                guard ["POST", "PUT", "PATCH"].contains(method) else { throw ConfigurationError(message: "\(itemAt): method is POST, PUT or PATCH") }
                definition.method = method
            }
            if let auth = mapping["auth"] { definition.authentication = try pollerAuthentication(auth, itemAt + ".auth", environment: environment) }
            if let value = mapping["maxAttempts"] { definition.maxAttempts = try integer(value, itemAt + ".maxAttempts", range: 1...1000) }
            return definition
        }
    }

    private static func paging(_ node: Node, _ at: String) throws -> PagingStyle {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping") }
        let size = try mapping["size"].map { try integer($0, at + ".size", range: 1...10_000) } ?? 100
        switch mapping["style"]?.string {
        case "page":
            let first = try mapping["first"].map { try integer($0, at + ".first", range: 0...1) } ?? 1
            return .page(parameter: mapping["parameter"]?.string ?? "page", sizeParameter: mapping["sizeParameter"]?.string ?? "page_size", size: size, first: first)
        case "offset":
            return .offset(parameter: mapping["parameter"]?.string ?? "offset", sizeParameter: mapping["sizeParameter"]?.string ?? "limit", size: size)
        case "cursor":
            return .cursor(
                parameter: mapping["parameter"]?.string ?? "cursor", nextPath: mapping["nextPath"]?.string ?? "next_cursor",
                sizeParameter: mapping["sizeParameter"]?.string, size: size
            )
        case "link":
            return .link(nextPath: mapping["nextPath"]?.string)
        default:
            throw ConfigurationError(message: "\(at).style: expected page, offset, cursor or link")
        }
    }

    private static func window(_ node: Node, _ at: String) throws -> PollerDefinition.TimeWindow {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping") }
        var window = PollerDefinition.TimeWindow()
        if let value = mapping["parameter"]?.string { window.parameter = value }
        if let value = mapping["updatedPath"]?.string { window.updatedPath = value }
        if let value = mapping["format"]?.string {
            guard let format = PollerDefinition.TimeFormat(rawValue: value) else { throw ConfigurationError(message: "\(at).format: iso8601, unix or unix_ms") }
            window.format = format
        }
        if let value = mapping["overlapSeconds"] { window.overlapSeconds = Int64(try integer(value, at + ".overlapSeconds", range: 0...86400)) }
        if let value = mapping["initialLookbackSeconds"] {
            window.initialLookbackSeconds = Int64(try integer(value, at + ".initialLookbackSeconds", range: 0...(3650 * 86400)))
        }
        return window
    }

    static func pollerAuthentication(_ node: Node, _ at: String, environment: [String: String]) throws -> PollerAuthentication {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping") }
        switch mapping["type"]?.string {
        case "none": return .none
        case "apiKey":
            let secret = String(decoding: try webhookSecret(mapping, at, environment: environment), as: UTF8.self)
            let header = mapping["header"]?.string ?? "X-Api-Key"
            return .apiKey(header: header, value: (mapping["prefix"]?.string ?? "") + secret)
        case "oauth2":
            guard let tokenURL = mapping["tokenUrl"]?.string, let clientId = mapping["clientId"]?.string else {
                throw ConfigurationError(message: "\(at): oauth2 needs tokenUrl and clientId")
            }
            let secret = String(decoding: try webhookSecret(mapping, at, environment: environment), as: UTF8.self)
            return .oauth2(tokenURL: tokenURL, clientId: clientId, clientSecret: secret, scope: mapping["scope"]?.string)
        case "taobao-top":
            guard let appKey = mapping["appKey"]?.string else { throw ConfigurationError(message: "\(at): taobao-top needs appKey") }
            let secret = String(decoding: try webhookSecret(mapping, at, environment: environment), as: UTF8.self)
            return .taobaoTOP(appKey: appKey, secret: secret, method: mapping["method"]?.string)
        default:
            throw ConfigurationError(message: "\(at).type: expected none, apiKey, oauth2 or taobao-top")
        }
    }
}
