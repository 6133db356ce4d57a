import PostgresStore
import CanonicalModel
import Forecasting
import Foundation
import Ingest
import Logging
import Yams

/// A configuration problem, naming the key (and file line when known).
public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension GatewayConfiguration {
    /// Loads defaults, then the YAML file (if any), then `CHANNELGATE_*` environment variables.
    ///
    /// Keys: `host`, `port`, `dataDir`, `mappingsDir`, `contractTestsDir`, `maxBatchBytes`, `maxBodyBytes`, `maxJsonDepth`, `tenant`, `trustTenantHeader`,
    /// `storeBusyTimeoutMs`, `retryAfterSeconds`, `maxFeedWaitSeconds`, `demoData`, `logLevel`, `idleTimeoutSeconds`, `shutdownGraceSeconds`, `headerTimeoutSeconds`,
    /// `bodyTimeoutSeconds`, `bodyGraceSeconds`, `minBodyBytesPerSecond`, `maxConnectionsPerAddress`,
    /// `channels: [{name, format, onInvalid}]`. Environment: `CHANNELGATE_HOST`, `CHANNELGATE_PORT`,
    /// `CHANNELGATE_DATA_DIR`, `CHANNELGATE_MAPPINGS_DIR`, `CHANNELGATE_CONTRACT_TESTS_DIR`, `CHANNELGATE_MAX_BODY_BYTES`, `CHANNELGATE_TENANT`, `CHANNELGATE_LOG_LEVEL`,
    /// `CHANNELGATE_DEMO_DATA`.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigurationError(message: "cannot read configuration file \(file)")
            }
            try configuration.apply(yaml: text, file: file, environment: environment)
        }
        try configuration.apply(environment: environment)
        return configuration
    }

    /// Applies the keys of a YAML document.
    public mutating func apply(yaml text: String, file: String = "<config>", environment: [String: String] = [:]) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(message: "\(file): \(error)")
        }
        guard let node else { return }
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(file): the top level must be a mapping") }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            let at = "\(file):\(keyNode.mark?.line ?? 0): \(key)"
            switch key {
            case "host": host = try Self.string(value, at)
            case "port": port = try Self.integer(value, at, range: 0...65535)
            case "dataDir": dataDirectory = try Self.string(value, at)
            case "store": storeURL = try Self.storeURL(try Self.string(value, at), at)
            case "mappingsDir": mappingsDirectory = try Self.string(value, at)
            case "contractTestsDir": contractTestsDirectory = try Self.string(value, at)
            case "maxBodyBytes": maxBodyBytes = try Self.integer(value, at, range: 1...(256 << 20))
            case "maxBatchBytes": maxBatchBytes = try Self.integer(value, at, range: 1...(4 << 30))
            case "maxJsonDepth": maxJSONDepth = try Self.integer(value, at, range: 2...512)
            case "tenant": defaultTenant = try Self.string(value, at)
            case "trustTenantHeader": trustTenantHeader = try Self.bool(value, at)
            case "storeBusyTimeoutMs": storeBusyTimeoutMilliseconds = try Self.integer(value, at, range: 1...600_000)
            case "retryAfterSeconds": retryAfterSeconds = try Self.integer(value, at, range: 1...3600)
            case "maxFeedWaitSeconds": maxFeedWaitSeconds = try Self.integer(value, at, range: 0...300)
            case "demoData": seedDemoData = try Self.bool(value, at)
            case "logLevel": logLevel = try Self.level(try Self.string(value, at), at)
            case "channels": channels = try Self.channels(value, at)
            case "personalDataKeyFile": personalDataKeyFile = try Self.string(value, at)
            case "keyEncryptionKeyFile": keyEncryptionKeyFile = try Self.string(value, at)
            case "idleTimeoutSeconds": idleTimeoutSeconds = try Self.integer(value, at, range: 1...3600)
            case "shutdownGraceSeconds": shutdownGraceSeconds = try Self.integer(value, at, range: 1...3600)
            case "headerTimeoutSeconds": connectionLimits.headerTimeoutSeconds = Double(try Self.integer(value, at, range: 1...3600))
            case "bodyTimeoutSeconds": connectionLimits.bodyTimeoutSeconds = Double(try Self.integer(value, at, range: 1...86400))
            case "bodyGraceSeconds": connectionLimits.bodyGraceSeconds = Double(try Self.integer(value, at, range: 0...3600))
            case "minBodyBytesPerSecond": connectionLimits.minBodyBytesPerSecond = try Self.integer(value, at, range: 0...(1 << 30))
            case "maxConnectionsPerAddress": connectionLimits.maxConnectionsPerAddress = try Self.integer(value, at, range: 0...1_000_000)
            case "access": try applyAccess(value, at, environment: environment)
            case "pollerRequestTimeoutSeconds": pollerRequestTimeoutSeconds = try Self.integer(value, at, range: 1...600)
            case "pollerBackoffBaseMs": pollerBackoffBaseSeconds = Double(try Self.integer(value, at, range: 1...60_000)) / 1000
            case "deliveryRetry": try applyDeliveryRetry(value, at)
            case "forecasting": try applyForecasting(value, at)
            case "routing":
                guard let routing = value.mapping else { throw ConfigurationError(message: "\(at): expected {network, policy}") }
                routingNetworkFile = routing["network"]?.string
                routingPolicyFile = routing["policy"]?.string
            case "outbound": outbound = try Self.outbound(value, at, environment: environment)
            case "pollers": pollers = try Self.pollers(value, at, defaultTenant: defaultTenant, environment: environment)
            default: throw ConfigurationError(message: "\(at): unknown configuration key")
            }
        }
    }

    /// Applies `CHANNELGATE_*` environment variables.
    public mutating func apply(environment: [String: String]) throws {
        if let value = environment["CHANNELGATE_HOST"] { host = value }
        if let value = environment["CHANNELGATE_PORT"] {
            guard let number = Int(value), (0...65535).contains(number) else {
                throw ConfigurationError(message: "CHANNELGATE_PORT: expected a port number, got \(value)")
            }
            port = number
        }
        if let value = environment["CHANNELGATE_DATA_DIR"] { dataDirectory = value }
        if let value = environment["CHANNELGATE_STORE"], !value.isEmpty { storeURL = try Self.storeURL(value, "CHANNELGATE_STORE") }
        if let value = environment["CHANNELGATE_MAPPINGS_DIR"] { mappingsDirectory = value }
        if let value = environment["CHANNELGATE_CONTRACT_TESTS_DIR"], !value.isEmpty { contractTestsDirectory = value }
        if let value = environment["CHANNELGATE_MAX_BODY_BYTES"] {
            guard let number = Int(value), number > 0 else {
                throw ConfigurationError(message: "CHANNELGATE_MAX_BODY_BYTES: expected a positive integer, got \(value)")
            }
            maxBodyBytes = number
        }
        if let value = environment["CHANNELGATE_TENANT"] { defaultTenant = value }
        if let value = environment["CHANNELGATE_LOG_LEVEL"] { logLevel = try Self.level(value, "CHANNELGATE_LOG_LEVEL") }
        if let value = environment["CHANNELGATE_PII_KEYS"], !value.isEmpty { personalDataKeys = value }
        if let value = environment["CHANNELGATE_KEY_ENCRYPTION_KEYS"], !value.isEmpty { keyEncryptionKeys = value }
        if let value = environment["CHANNELGATE_AUTH"] {
            switch value.lowercased() {
            case "on", "true", "1", "required": access.required = true
            case "off", "false", "0": access.required = false
            default: throw ConfigurationError(message: "CHANNELGATE_AUTH: expected on or off, got \(value)")
            }
        }
        if let value = environment["CHANNELGATE_DEMO_DATA"] { seedDemoData = ["1", "true", "yes"].contains(value.lowercased()) }
    }

    static func string(_ node: Node, _ at: String) throws -> String {
        guard let text = node.string else { throw ConfigurationError(message: "\(at): expected a string") }
        return text
    }

    static func integer(_ node: Node, _ at: String, range: ClosedRange<Int>) throws -> Int {
        guard let text = node.string, let number = Int(text) else { throw ConfigurationError(message: "\(at): expected an integer") }
        guard range.contains(number) else {
            throw ConfigurationError(message: "\(at): \(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    static func bool(_ node: Node, _ at: String) throws -> Bool {
        switch node.string?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ConfigurationError(message: "\(at): expected true or false")
        }
    }

    private static func level(_ text: String, _ at: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ConfigurationError(message: "\(at): unknown log level \(text)")
        }
        return level
    }

    private static func channels(_ node: Node, _ at: String) throws -> [ChannelDefinition] {
        guard let sequence = node.sequence else { throw ConfigurationError(message: "\(at): expected a list of channels") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \(item.mark?.line ?? 0))"
            guard let mapping = item.mapping, let name = mapping["name"]?.string else {
                throw ConfigurationError(message: "\(itemAt): each channel needs a name")
            }
            guard ChannelDefinition.isValidName(name) else {
                throw ConfigurationError(message: "\(itemAt): channel name \(name) must be lower-case letters, digits, - or _")
            }
            let formatText = mapping["format"]?.string ?? "canonical"
            guard let format = ChannelDefinition.Format(rawValue: formatText) else {
                throw ConfigurationError(message: "\(itemAt): unknown format \(formatText)")
            }
            // Mapped channels keep messages they cannot map as dead letters unless told otherwise.
            let policyText = mapping["onInvalid"]?.string ?? (format == .mapping ? "dead_letter" : "reject")
            guard let policy = ChannelDefinition.InvalidPolicy(rawValue: policyText) else {
                throw ConfigurationError(message: "\(itemAt): onInvalid must be reject or dead_letter")
            }
            return ChannelDefinition(name: name, format: format, onInvalid: policy)
        }
    }

    private mutating func applyDeliveryRetry(_ node: Node, _ at: String) throws {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected {maxAttempts, baseDelayMs, maxDelaySeconds}") }
        if let value = mapping["maxAttempts"] { deliveryRetry.maxAttempts = try Self.integer(value, at + ".maxAttempts", range: 1...1000) }
        if let value = mapping["baseDelayMs"] { deliveryRetry.baseDelay = .milliseconds(try Self.integer(value, at + ".baseDelayMs", range: 1...600_000)) }
        if let value = mapping["maxDelaySeconds"] { deliveryRetry.maxDelay = .seconds(try Self.integer(value, at + ".maxDelaySeconds", range: 1...86400)) }
    }

    /// `forecasting: {promotions: [...], holidays: [...], tenants: {acme: {holidays: [...]}}}`.
    private mutating func applyForecasting(_ node: Node, _ at: String) throws {
        guard let mapping = node.mapping else { throw ConfigurationError(message: "\(at): expected {promotions, holidays, tenants}") }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            switch name {
            case "promotions": promotions = try Self.promotions(value, at + ".promotions")
            case "holidays": holidays = try Self.holidays(value, at + ".holidays")
            case "tenants":
                guard let tenants = value.mapping else { throw ConfigurationError(message: "\(at).tenants: expected {TENANT: {holidays: [...]}}") }
                for (tenantKey, tenantValue) in tenants {
                    guard let tenant = tenantKey.string, !tenant.isEmpty else { throw ConfigurationError(message: "\(at).tenants: tenant names are text") }
                    let tenantAt = "\(at).tenants.\(tenant)"
                    guard let settings = tenantValue.mapping else { throw ConfigurationError(message: "\(tenantAt): expected {holidays: [...]}") }
                    for (settingKey, settingValue) in settings {
                        guard settingKey.string == "holidays" else {
                            throw ConfigurationError(message: "\(tenantAt).\(settingKey.string ?? "?"): unknown configuration key")
                        }
                        tenantHolidays[tenant] = try Self.holidays(settingValue, tenantAt + ".holidays")
                    }
                }
            default: throw ConfigurationError(message: "\(at).\(name): unknown configuration key")
            }
        }
    }

    /// `[{start: 2026-11-10T00:00:00+08:00, end: 2026-11-12T00:00:00+08:00, label: Singles Day}]`.
    private static func promotions(_ list: Node, _ at: String) throws -> [PromotionPeriod] {
        guard let sequence = list.sequence else { throw ConfigurationError(message: "\(at): expected a list") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let start = item.mapping?["start"]?.string.flatMap(Timestamp.parse), let end = item.mapping?["end"]?.string.flatMap(Timestamp.parse),
                  end > start
            else { throw ConfigurationError(message: "\(itemAt): each period needs start < end as RFC 3339 times") }
            return PromotionPeriod(
                startHour: Int64(start.timeIntervalSince1970), endHour: Int64(end.timeIntervalSince1970), label: item.mapping?["label"]?.string ?? ""
            )
        }
    }

    /// `[{label: Christmas Day, date: 2026-12-25T00:00:00+08:00, daysBefore: 5, daysAfter: 6, lift: 0}]`; `date` is
    /// the holiday's local midnight, the rest optional.
    private static func holidays(_ list: Node, _ at: String) throws -> [Holiday] {
        guard let sequence = list.sequence else { throw ConfigurationError(message: "\(at): expected a list") }
        return try sequence.map { item in
            let itemAt = "\(at) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let fields = item.mapping else { throw ConfigurationError(message: "\(itemAt): expected {label, date, daysBefore, daysAfter, lift}") }
            for key in fields.keys {
                guard let name = key.string, ["label", "date", "daysBefore", "daysAfter", "lift"].contains(name) else {
                    throw ConfigurationError(message: "\(itemAt).\(key.string ?? "?"): unknown configuration key")
                }
            }
            guard let label = fields["label"]?.string, !label.isEmpty else { throw ConfigurationError(message: "\(itemAt).label: a holiday needs a label") }
            guard let date = fields["date"]?.string.flatMap(Timestamp.parse) else {
                throw ConfigurationError(message: "\(itemAt).date: expected the holiday's local midnight as an RFC 3339 time")
            }
            let before = try fields["daysBefore"].map { try integer($0, itemAt + ".daysBefore", range: 0...HolidayCalendarCSV.maximumDaysAround) } ?? 0
            let after = try fields["daysAfter"].map { try integer($0, itemAt + ".daysAfter", range: 0...HolidayCalendarCSV.maximumDaysAround) } ?? 0
            var lift: Double?
            if let node = fields["lift"] {
                guard let value = node.string.flatMap(Double.init), value.isFinite, value >= 0 else {
                    throw ConfigurationError(message: "\(itemAt).lift: expected a number of at least 0")
                }
                lift = value
            }
            return Holiday(label: label, dayStart: Int64(date.timeIntervalSince1970), daysBefore: before, daysAfter: after, expectedLift: lift)
        }
    }

    /// `text` when it is a store URL this build can open (`sqlite:PATH`, `postgresql://…`); else an error naming `at`.
    public static func storeURL(_ text: String, _ at: String) throws -> String {
        if text.hasPrefix("sqlite:"), text.count > "sqlite:".count { return text }
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            do {
                _ = try PostgresLocation(url: text)
            } catch {
                throw ConfigurationError(message: "\(at): \(error)")
            }
            return text
        }
        throw ConfigurationError(message: "\(at): expected sqlite:PATH or postgresql://USER@HOST/DATABASE")
    }
}
