import Crypto
import Foundation

/// How a channel signs the webhooks it pushes, and the check of one request against it.
public struct WebhookSignature: Sendable {
    /// The MAC algorithm over the signed text.
    public enum Algorithm: String, Sendable {
        case hmacSHA256 = "hmac-sha256", hmacSHA1 = "hmac-sha1", hmacMD5 = "hmac-md5"
        /// Taobao/TOP `sign_method=md5`: MD5(secret + text + secret), upper-case hex.
        case topMD5 = "md5"
    }

    /// How the signature is written in the request.
    public enum Encoding: String, Sendable { case hex, base64 }

    /// What the signature covers.
    public enum Scheme: Sendable {
        /// The raw body, signature in a header (optionally prefixed, e.g. `sha256=`).
        case body(header: String, prefix: String)
        /// Taobao/TOP style: query parameters except `sign`, sorted by name, each name then value, then the raw body;
        /// signature in the `sign` parameter, algorithm in `sign_method`, time in `timestamp` (Asia/Shanghai).
        case topParameters
    }

    public var scheme: Scheme
    public var algorithm: Algorithm
    public var encoding: Encoding
    public var secret: [UInt8]
    /// Header with the send time (Unix seconds or RFC 3339) checked against ``toleranceSeconds``.
    public var timestampHeader: String?
    /// Header naming the delivery; a delivery seen again within the window is a replay.
    public var messageIdHeader: String?
    /// Largest accepted distance between the send time and now, and how long delivery ids are remembered.
    public var toleranceSeconds: Int

    /// Creates a WebhookSignature from its parts.
    public init(
        scheme: Scheme, algorithm: Algorithm, encoding: Encoding, secret: [UInt8], timestampHeader: String? = nil,
        messageIdHeader: String? = nil, toleranceSeconds: Int = 300
    ) {
        self.scheme = scheme
        self.algorithm = algorithm
        self.encoding = encoding
        self.secret = secret
        self.timestampHeader = timestampHeader
        self.messageIdHeader = messageIdHeader
        self.toleranceSeconds = toleranceSeconds
    }

    /// Shopify: base64 HMAC-SHA256 of the body in `X-Shopify-Hmac-Sha256`, deliveries named by `X-Shopify-Webhook-Id`.
    public static func shopify(secret: [UInt8]) -> WebhookSignature {
        WebhookSignature(
            scheme: .body(header: "X-Shopify-Hmac-Sha256", prefix: ""), algorithm: .hmacSHA256, encoding: .base64, secret: secret,
            messageIdHeader: "X-Shopify-Webhook-Id"
        )
    }

    /// Taobao/TOP: signed query parameters, `sign_method` md5, hmac or hmac-sha256.
    public static func taobaoTOP(secret: [UInt8]) -> WebhookSignature {
        WebhookSignature(scheme: .topParameters, algorithm: .topMD5, encoding: .hex, secret: secret)
    }

    /// The MAC of `text` under this signature's secret and `algorithm`.
    public func mac(_ text: [UInt8], algorithm: Algorithm) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        switch algorithm {
        case .hmacSHA256: return Array(HMAC<SHA256>.authenticationCode(for: text, using: key))
        case .hmacSHA1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: text, using: key))
        case .hmacMD5: return Array(HMAC<Insecure.MD5>.authenticationCode(for: text, using: key))
        case .topMD5: return Array(Insecure.MD5.hash(data: secret + text + secret))
        }
    }

    /// The signature text of `mac` in this signature's encoding (TOP: upper-case hex).
    public func encoded(_ mac: [UInt8]) -> String {
        switch (encoding, scheme) {
        case (.base64, _): return Data(mac).base64EncodedString()
        case (.hex, .topParameters): return mac.map { String(format: "%02X", $0) }.joined()
        case (.hex, .body): return mac.map { String(format: "%02x", $0) }.joined()
        }
    }
}
