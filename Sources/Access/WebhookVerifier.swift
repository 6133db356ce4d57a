import Foundation

/// Why a signed webhook was refused.
public struct WebhookError: Error, Sendable, Equatable {
    /// The stable error codes.
    public enum Code: String, Sendable {
        case missingSignature = "signature_missing", badSignature = "signature_invalid", staleTimestamp = "timestamp_outside_window"
        case replay = "webhook_replayed"
    }

    public let code: Code
    public let message: String
    /// The header or parameter at fault.
    public let field: String

    /// Creates a WebhookError from its parts.
    public init(_ code: Code, _ message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }
}

/// One inbound request as the signature check sees it.
public struct SignedRequest: Sendable {
    public var headers: [String: String]
    public var query: [(name: String, value: String)]
    public var body: [UInt8]

    /// `headers` keys are matched case-insensitively.
    public init(headers: [String: String], query: [(name: String, value: String)], body: [UInt8]) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.query = query
        self.body = body
    }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }
}

extension WebhookSignature {
    /// Checks `request`'s signature, then its time window; returns the delivery id to guard against replays (if any).
    public func verify(_ request: SignedRequest, now: Int64) throws(WebhookError) -> String? {
        switch scheme {
        case .body(let header, let prefix):
            guard var offered = request.header(header) else {
                throw WebhookError(.missingSignature, "the request is not signed", field: header)
            }
            if !prefix.isEmpty {
                guard offered.hasPrefix(prefix) else { throw WebhookError(.badSignature, "signature does not start with \(prefix)", field: header) }
                offered.removeFirst(prefix.count)
            }
            guard ConstantTime.equal(Array(offered.utf8), Array(encoded(mac(request.body, algorithm: algorithm)).utf8)) else {
                throw WebhookError(.badSignature, "signature does not match the body", field: header)
            }
            if let timestampHeader {
                guard let sent = request.header(timestampHeader).flatMap(Self.seconds) else {
                    throw WebhookError(.staleTimestamp, "timestamp missing or unreadable", field: timestampHeader)
                }
                try checkWindow(sent, now: now, field: timestampHeader)
            }
            return messageIdHeader.flatMap(request.header)
        case .topParameters:
            guard let offered = request.parameter("sign") else { throw WebhookError(.missingSignature, "the request is not signed", field: "sign") }
            let method = request.parameter("sign_method") ?? "md5"
            let algorithm: Algorithm
            switch method {
            case "md5": algorithm = .topMD5
            case "hmac": algorithm = .hmacMD5
            case "hmac-sha256": algorithm = .hmacSHA256
            default: throw WebhookError(.badSignature, "unknown sign_method \(method)", field: "sign_method")
            }
            let text = request.query.filter { $0.name != "sign" }.sorted { $0.name < $1.name }.flatMap { Array(($0.name + $0.value).utf8) }
            let expected = encoded(mac(text + request.body, algorithm: algorithm))
            guard ConstantTime.equal(Array(offered.uppercased().utf8), Array(expected.utf8)) else {
                throw WebhookError(.badSignature, "signature does not match the parameters and body", field: "sign")
            }
            guard let sent = request.parameter("timestamp").flatMap(Self.shanghaiSeconds) else {
                throw WebhookError(.staleTimestamp, "timestamp missing or not yyyy-MM-dd HH:mm:ss", field: "timestamp")
            }
            try checkWindow(sent, now: now, field: "timestamp")
            return offered.uppercased()
        }
    }

    private func checkWindow(_ sent: Int64, now: Int64, field: String) throws(WebhookError) {
        guard abs(now - sent) <= Int64(toleranceSeconds) else {
            throw WebhookError(.staleTimestamp, "sent more than \(toleranceSeconds) s from now", field: field)
        }
    }

    /// Unix seconds from digits, or from an RFC 3339 time.
    static func seconds(_ text: String) -> Int64? {
        if let seconds = Int64(text) { return seconds }
        return ISO8601DateFormatter().date(from: text).map { Int64($0.timeIntervalSince1970) }
    }

    /// Unix seconds from TOP's `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8, no daylight saving).
    static func shanghaiSeconds(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: 8 * 3600) else { return nil }
        calendar.timeZone = zone
        return calendar.date(from: components).map { Int64($0.timeIntervalSince1970) }
    }
}
