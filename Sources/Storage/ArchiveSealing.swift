/// How the store seals archived message bodies (they hold personal data) before writing and opens them on read.
public struct ArchiveSealing: Sendable {
    public let seal: @Sendable ([UInt8]) throws -> [UInt8]
    public let open: @Sendable ([UInt8]) throws -> [UInt8]

    /// Creates an ArchiveSealing from its parts.
    public init(seal: @escaping @Sendable ([UInt8]) throws -> [UInt8], open: @escaping @Sendable ([UInt8]) throws -> [UInt8]) {
        self.seal = seal
        self.open = open
    }
}
