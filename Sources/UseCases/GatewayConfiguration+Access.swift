import Access
import Foundation
import Yams

extension GatewayConfiguration {
    /// Applies the `access:` section: `required`, `issuer`, `audience`, `tokenLifetimeSeconds`, `signingKeyRotationSeconds`,
    /// `maxInFlight`, `maxUnauthenticatedInFlight`, `maxFailedAuthenticationsPerClient`,
    /// `maxFailedAuthenticationsPerAddress`, `failedAuthenticationWindowSeconds`, `demoClient`, `identityProviders: [{issuer, jwksUrl, audience, tenant, tokenTypes, maxLifetimeSeconds}]`,
    /// `rateLimits: {client: {rate, burst}, clients: {id: …}, channels: {name: …}, routes: {name: …}}`,
    /// `webhooks: [{channel, preset | algorithm+encoding+header, prefix, secretEnv | secretFile, timestampHeader, messageIdHeader,
    /// toleranceSeconds, tenant}]`.
    mutating func applyAccess(_ node: Node, _ at: String, environment: [String: String]) throws {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping") }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            let keyAt = "\(at).\(key) (line \((keyNode.mark?.line).map(String.init) ?? "?"))"
            switch key {
            case "required": access.required = try Self.bool(value, keyAt)
            case "issuer": access.issuer = try Self.string(value, keyAt)
            case "audience": access.audience = try Self.string(value, keyAt)
            case "tokenLifetimeSeconds": access.tokenLifetimeSeconds = try Self.integer(value, keyAt, range: 60...86400)
            case "signingKeyRotationSeconds": access.signingKeyRotationSeconds = try Self.integer(value, keyAt, range: 3600...(400 * 86400))
            case "maxInFlight": access.maxInFlight = try Self.integer(value, keyAt, range: 1...1_000_000)
            case "maxFailedAuthenticationsPerClient": access.maxFailedAuthenticationsPerClient = try Self.integer(value, keyAt, range: 1...1_000_000)
            case "maxFailedAuthenticationsPerAddress": access.maxFailedAuthenticationsPerAddress = try Self.integer(value, keyAt, range: 1...1_000_000)
            case "failedAuthenticationWindowSeconds": access.failedAuthenticationWindowSeconds = try Self.integer(value, keyAt, range: 1...86400)
            case "maxUnauthenticatedInFlight": access.maxUnauthenticatedInFlight = try Self.integer(value, keyAt, range: 1...1_000_000)
            case "demoClient": access.createDemoClient = try Self.bool(value, keyAt)
            case "identityProviders": access.identityProviders = try Self.identityProviders(value, keyAt)
            case "rateLimits": try applyRateLimits(value, keyAt)
            case "webhooks": access.webhooks = try Self.webhooks(value, keyAt, environment: environment)
            default: throw ConfigurationError(message: "\(keyAt): unknown access key")
            }
        }
    }

    private mutating func applyRateLimits(_ node: Node, _ at: String) throws {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping") }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            let keyAt = "\(at).\(key)"
            switch key {
            case "client": access.clientLimit = try Self.rateLimit(value, keyAt)
            case "clients": access.clientLimits = try Self.rateLimits(value, keyAt)
            case "channels": access.channelLimits = try Self.rateLimits(value, keyAt)
            case "routes": access.routeLimits = try Self.rateLimits(value, keyAt)
            default: throw ConfigurationError(message: "\(keyAt): unknown rate-limit key (client, clients, channels, routes)")
            }
        }
    }

    static func rateLimit(_ node: Node, _ at: String) throws -> RateLimit {
        guard let mapping = node.mapping, let rateText = mapping["rate"]?.string, let rate = Double(rateText), rate > 0, rate.isFinite,
              let burstText = mapping["burst"]?.string, let burst = Int(burstText), burst >= 1
        else { throw ConfigurationError(message: "\(at): expected {rate: requests per second > 0, burst: integer ≥ 1}") }
        return RateLimit(rate: rate, burst: burst)
    }

    private static func rateLimits(_ node: Node, _ at: String) throws -> [String: RateLimit] {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected a mapping of names to limits") }
        var limits: [String: RateLimit] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { continue }
            limits[name] = try rateLimit(value, "\(at).\(name)")
        }
        return limits
    }

    private static func identityProviders(_ node: Node, _ at: String) throws -> [IdentityProvider] {
        guard let sequence = node.sequence else { throw ConfigurationError(message: "\(at): expected a list") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let mapping = item.mapping, let issuer = mapping["issuer"]?.string, let url = mapping["jwksUrl"]?.string,
                  let audience = mapping["audience"]?.string
            else { throw ConfigurationError(message: "\(itemAt): identity providers need issuer, jwksUrl and audience") }
            guard url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") || url.hasPrefix("http://localhost") else {
                throw ConfigurationError(message: "\(itemAt): jwksUrl must be https (plain http only on loopback)")
            }
            var provider = IdentityProvider(issuer: issuer, jwksURL: url, audience: audience, tenant: mapping["tenant"]?.string ?? "default")
            if let types = mapping["tokenTypes"] {
                guard let list = types.sequence?.compactMap(\.string), !list.isEmpty else {
                    throw ConfigurationError(message: "\(itemAt): tokenTypes must be a list of JOSE typ values, e.g. [at+jwt, JWT]")
                }
                provider.acceptedTypes = Set(list.map { $0.lowercased() })
            }
            if let lifetime = mapping["maxLifetimeSeconds"] {
                provider.maxLifetimeSeconds = Int64(try Self.integer(lifetime, itemAt + ".maxLifetimeSeconds", range: 60...(30 * 86400)))
            }
            return provider
        }
    }

    private static func webhooks(_ node: Node, _ at: String, environment: [String: String]) throws -> [String: AccessConfiguration.WebhookRule] {
        guard let sequence = node.sequence else { throw ConfigurationError(message: "\(at): expected a list") }
        var rules: [String: AccessConfiguration.WebhookRule] = [:]
        for item in sequence {
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let mapping = item.mapping, let channel = mapping["channel"]?.string else {
                throw ConfigurationError(message: "\(itemAt): each webhook needs a channel")
            }
            let secret = try webhookSecret(mapping, itemAt, environment: environment)
            var signature: WebhookSignature
            switch mapping["preset"]?.string {
            case "shopify": signature = .shopify(secret: secret)
            case "taobao-top": signature = .taobaoTOP(secret: secret)
            case nil:
                guard let header = mapping["header"]?.string else { throw ConfigurationError(message: "\(itemAt): header is required without a preset") }
                guard let algorithm = WebhookSignature.Algorithm(rawValue: mapping["algorithm"]?.string ?? "hmac-sha256"), algorithm != .topMD5 else {
                    throw ConfigurationError(message: "\(itemAt): algorithm must be hmac-sha256, hmac-sha1 or hmac-md5")
                }
                guard let encoding = WebhookSignature.Encoding(rawValue: mapping["encoding"]?.string ?? "hex") else {
                    throw ConfigurationError(message: "\(itemAt): encoding must be hex or base64")
                }
                signature = WebhookSignature(
                    scheme: .body(header: header, prefix: mapping["prefix"]?.string ?? ""), algorithm: algorithm, encoding: encoding, secret: secret
                )
            case let other?: throw ConfigurationError(message: "\(itemAt): unknown preset \(other) (shopify, taobao-top)")
            }
            if let header = mapping["timestampHeader"]?.string { signature.timestampHeader = header }
            if let header = mapping["messageIdHeader"]?.string { signature.messageIdHeader = header }
            if let tolerance = mapping["toleranceSeconds"] { signature.toleranceSeconds = try integer(tolerance, itemAt, range: 1...86400) }
            rules[channel] = AccessConfiguration.WebhookRule(signature: signature, tenant: mapping["tenant"]?.string)
        }
        return rules
    }

    /// The secret from `secretEnv` (an environment variable) or `secretFile`; never inline in the configuration.
    static func webhookSecret(_ mapping: Node.Mapping, _ at: String, environment: [String: String]) throws -> [UInt8] {
        if let name = mapping["secretEnv"]?.string {
            guard let value = environment[name], !value.isEmpty else { throw ConfigurationError(message: "\(at): environment variable \(name) is not set") }
            return Array(value.utf8)
        }
        if let path = mapping["secretFile"]?.string {
            guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
                throw ConfigurationError(message: "\(at): cannot read secretFile \(path)")
            }
            return Array(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        }
        throw ConfigurationError(message: "\(at): a webhook needs secretEnv or secretFile")
    }
}
