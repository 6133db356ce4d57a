import Access
import Foundation
import Synchronization

/// Signs requests to a channel as its configuration says: an API key header, a cached OAuth2 client-credentials
/// token, or Taobao/TOP signed query parameters.
public final class ChannelCredentials: Sendable {
    public let authentication: PollerAuthentication
    let client: CurlHTTPClient
    private let accessToken = Mutex<(token: String, expiresAt: Double)?>(nil)
    private let reader = JSONReaderAdapter()

    /// Creates a ChannelCredentials from its parts.
    public init(authentication: PollerAuthentication, client: CurlHTTPClient) {
        self.authentication = authentication
        self.client = client
    }

    /// True when a 401 may be cured by fetching a fresh token.
    public var refreshable: Bool {
        if case .oauth2 = authentication { return true }
        return false
    }

    /// Forgets the cached token (after the channel answered 401).
    public func invalidate() { accessToken.withLock { $0 = nil } }

    /// The headers that authenticate a request.
    public func headers() async throws -> [String: String] {
        switch authentication {
        case .apiKey(let header, let value): return [header: value]
        case .oauth2(let tokenURL, let clientId, let clientSecret, let scope):
            return ["Authorization": "Bearer " + (try await oauthToken(tokenURL: tokenURL, clientId: clientId, secret: clientSecret, scope: scope))]
        case .none, .taobaoTOP: return [:]
        }
    }

    /// `items` plus TOP's `app_key`, `timestamp`, `sign_method`, `v`, `format` and `sign` (MD5 over the sorted
    /// parameters and `body`), when the channel signs that way; otherwise `items` unchanged.
    public func signedQuery(_ items: [URLQueryItem], body: [UInt8] = []) -> [URLQueryItem] {
        guard case .taobaoTOP(let appKey, let secret, let method) = authentication else { return items }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var all = items + [
            URLQueryItem(name: "app_key", value: appKey), URLQueryItem(name: "timestamp", value: formatter.string(from: Date())),
            URLQueryItem(name: "sign_method", value: "md5"), URLQueryItem(name: "v", value: "2.0"), URLQueryItem(name: "format", value: "json"),
        ]
        if let method { all.append(URLQueryItem(name: "method", value: method)) }
        let text = all.sorted { $0.name < $1.name }.map { $0.name + ($0.value ?? "") }.joined()
        let signature = WebhookSignature.taobaoTOP(secret: Array(secret.utf8))
        all.append(URLQueryItem(name: "sign", value: signature.encoded(signature.mac(Array(text.utf8) + body, algorithm: .topMD5))))
        return all
    }

    /// The channel's access token, fetched with client credentials and reused until a minute before it expires.
    func oauthToken(tokenURL: String, clientId: String, secret: String, scope: String?) async throws -> String {
        let now = Date().timeIntervalSince1970
        if let cached = accessToken.withLock({ $0 }), cached.expiresAt > now + 60 { return cached.token }
        var form = "grant_type=client_credentials"
        if let scope { form += "&scope=" + (scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope) }
        let basic = Data("\(clientId):\(secret)".utf8).base64EncodedString()
        let response = try await client.send(
            "POST", tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basic],
            body: Array(form.utf8)
        )
        guard response.status == 200, let object = reader.parse(response.body), let token = object["access_token"]?.scalarText else {
            throw PollerError("the channel's token endpoint answered HTTP \(response.status)")
        }
        let lifetime = object["expires_in"]?.scalarText.flatMap(Double.init) ?? 3600
        accessToken.withLock { $0 = (token, now + lifetime) }
        return token
    }
}
