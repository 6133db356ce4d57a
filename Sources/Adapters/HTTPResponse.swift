/// An HTTP response received by ``CurlHTTPClient``.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields with lower-cased names; a repeated field keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A libcurl failure: the curl code and its readable message.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// The `CURLcode` value (e.g. 7 could not connect, 28 timed out).
    public let code: Int32
    public let message: String

    public var description: String { "curl error \(code): \(message)" }
}
