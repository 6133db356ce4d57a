import Crypto
import Foundation
import Mapping
import Synchronization

/// The active mapping of each tenant's channel: its published version when there is one, else the shipped file.
public final class MappingRegistry: Sendable {
    /// A compiled mapping with the version label stored on every event it produces (`shopify@v3`).
    public struct Active: Sendable {
        public let mapping: CompiledMapping
        public let version: String
    }

    private struct Key: Hashable {
        let tenant: String
        let channel: String
    }

    private let published = Mutex<[Key: Active]>([:])

    public init() {}

    /// The tenant's published mapping of `channel`, if any.
    public func published(tenant: String, channel: String) -> Active? {
        published.withLock { $0[Key(tenant: tenant, channel: channel)] }
    }

    /// A channel that exists only because the tenant published a mapping for it (no file, no configuration).
    public func publishedChannel(tenant: String, name: String) -> ChannelDefinition? {
        published(tenant: tenant, channel: name).map { ChannelDefinition(mapping: $0.mapping) }
    }

    /// The names of the channels the tenant has published mappings for.
    public func publishedChannelNames(tenant: String) -> [String] {
        published.withLock { entries in entries.keys.filter { $0.tenant == tenant }.map(\.channel) }.sorted()
    }

    /// Makes `mapping` the tenant's active mapping of its channel.
    public func activate(_ mapping: CompiledMapping, version: Int64, tenant: String) {
        let active = Active(mapping: mapping, version: "\(mapping.channel)@v\(version)")
        published.withLock { $0[Key(tenant: tenant, channel: mapping.channel)] = active }
    }

    /// The version label of a shipped mapping file: `shopify@shipped-1a2b3c4d` from its text.
    public static func shippedVersion(of mapping: CompiledMapping) -> String {
        let digest = SHA256.hash(data: Array(mapping.source.utf8)).prefix(4).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        return "\(mapping.channel)@shipped-\(digest)"
    }
}
