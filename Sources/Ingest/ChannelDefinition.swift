import Mapping

/// A channel the gateway accepts messages for, and what to do with messages that cannot become events.
public struct ChannelDefinition: Sendable, Equatable {
    /// The payload format of a channel.
    public enum Format: String, Sendable {
        /// ChannelGate's own canonical JSON (own web shops, mini-programs, tests).
        case canonical
        /// A declarative mapping (`mappings/<channel>.yaml`) turns the channel's JSON or XML into canonical events.
        case mapping
    }

    /// What happens to a well-formed message that is not a valid order.
    public enum InvalidPolicy: String, Sendable {
        /// Answer 422 and store nothing: the sender fixes and resends.
        case reject
        /// Keep it as a dead letter and answer 202: for webhooks that cannot resend.
        case deadLetter = "dead_letter"
    }

    public var name: String
    public var format: Format
    public var onInvalid: InvalidPolicy
    /// The compiled mapping of a `mapping` channel.
    public var mapping: CompiledMapping? {
        didSet { shippedMappingVersion = mapping.map(MappingRegistry.shippedVersion(of:)) }
    }
    /// The version label of the shipped mapping (`shopify@shipped-1a2b3c4d`), computed once.
    public private(set) var shippedMappingVersion: String?

    public init(name: String, format: Format = .canonical, onInvalid: InvalidPolicy = .reject, mapping: CompiledMapping? = nil) {
        self.name = name
        self.format = format
        self.onInvalid = onInvalid
        self.mapping = mapping
        shippedMappingVersion = mapping.map(MappingRegistry.shippedVersion(of:))
    }

    /// A channel read through `mapping`; invalid messages become dead letters unless configured otherwise.
    public init(mapping: CompiledMapping, onInvalid: InvalidPolicy = .deadLetter) {
        self.init(name: mapping.channel, format: .mapping, onInvalid: onInvalid, mapping: mapping)
    }

    public static func == (left: ChannelDefinition, right: ChannelDefinition) -> Bool {
        left.name == right.name && left.format == right.format && left.onInvalid == right.onInvalid
            && left.mapping?.source == right.mapping?.source
    }

    /// True for names made of lower-case letters, digits, `-` and `_`, 1 to 64 long.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// The built-in channel that accepts canonical orders directly.
    public static let canonical = ChannelDefinition(name: "canonical")
}
