import CCurl
import Foundation
import Synchronization

/// An HTTP client over libcurl that runs transfers on its own threads, never on the caller's executor.
///
/// Each transfer runs on a thread of its own (not GCD's width-limited pool, which a few slow or long-polling
/// transfers would exhaust). Easy handles are pooled and reused, so connections to a host are kept alive.
public final class CurlHTTPClient: Sendable {
    /// Timeouts and transport options.
    public struct Configuration: Sendable {
        /// Longest time to establish a connection.
        public var connectTimeout: Duration = .seconds(5)
        /// Longest time for a whole transfer.
        public var totalTimeout: Duration = .seconds(30)
        /// A CA bundle file to verify TLS peers with instead of the system's.
        public var caBundlePath: String?
        /// A proxy URL, e.g. `http://proxy:3128`.
        public var proxy: String?
        /// A client certificate (PEM) for channels that require mutual TLS.
        public var clientCertificatePath: String?
        /// The client certificate's private key (PEM).
        public var clientKeyPath: String?

        /// Creates Configuration with its defaults.
        public init() {}
    }

    private let configuration: Configuration
    private let handles = Mutex<[CurlHandle]>([])

    /// Creates a client with these timeouts and transport options.
    public init(configuration: Configuration = Configuration()) {
        CurlGlobal.initialise()
        self.configuration = configuration
    }

    /// Sends one request and returns the response, or throws ``CurlError`` when no response arrived.
    public func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: [UInt8]? = nil
    ) async throws(CurlError) -> HTTPResponse {
        let handle = handles.withLock { $0.popLast() } ?? CurlHandle()
        let configuration = configuration
        let result: Result<HTTPResponse, CurlError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                Thread.current.name = "cg-curl"
                continuation.resume(returning: handle.perform(method: method, url: url, headers: headers, body: body, configuration: configuration))
            }
            thread.start()
        }
        handles.withLock { $0.append(handle) }
        return try result.get()
    }
}

/// Runs `curl_global_init` once per process.
enum CurlGlobal {
    private static let done: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
    static func initialise() { _ = done }
}

/// One curl easy handle; used by one transfer at a time.
final class CurlHandle: @unchecked Sendable {
    // Invariant: a handle is checked out of the pool by exactly one transfer at a time.
    private let easy: UnsafeMutableRawPointer?

    init() { easy = curl_easy_init() }

    deinit { curl_easy_cleanup(easy) }

    func perform(
        method: String, url: String, headers: [String: String], body: [UInt8]?, configuration: CurlHTTPClient.Configuration
    ) -> Result<HTTPResponse, CurlError> {
        guard let easy else { return .failure(CurlError(code: -1, message: "curl_easy_init failed")) }
        curl_easy_reset(easy)
        let collector = ResponseCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if body != nil, headers.keys.contains(where: { $0.lowercased() == "expect" }) == false {
            headerList = curl_slist_append(headerList, "Expect:")
        }
        defer { curl_slist_free_all(headerList) }

        ccurl_setopt_string(easy, CURLOPT_URL, url)
        ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)
        ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout))
        ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        ccurl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle = configuration.caBundlePath { ccurl_setopt_string(easy, CURLOPT_CAINFO, caBundle) }
        if let proxy = configuration.proxy { ccurl_setopt_string(easy, CURLOPT_PROXY, proxy) }
        if let certificate = configuration.clientCertificatePath { ccurl_setopt_string(easy, CURLOPT_SSLCERT, certificate) }
        if let key = configuration.clientKeyPath { ccurl_setopt_string(easy, CURLOPT_SSLKEY, key) }
        ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        if method == "HEAD" { ccurl_setopt_long(easy, CURLOPT_NOBODY, 1) }
        if let body {
            ccurl_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBytes { buffer in
                _ = ccurl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }
        ccurl_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { pointer, size, count, userdata in
            guard let pointer, let userdata else { return 0 }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
            collector.body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: size * count))
            return size * count
        }
        ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, context.toOpaque())
        ccurl_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { pointer, size, count, userdata in
            guard let pointer, let userdata else { return 0 }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: size * count), as: UTF8.self)
            collector.addHeaderLine(line)
            return size * count
        }
        ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, context.toOpaque())

        // libcurl's own account of a failure ("Recv failure: Connection reset by peer") beats its generic code text.
        var detail = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code = detail.withUnsafeMutableBufferPointer { buffer in
            ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            defer { ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, nil) }
            return curl_easy_perform(easy)
        }
        guard code == CURLE_OK else {
            let explained = detail[0] != 0 ? String(decoding: detail.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
            return .failure(CurlError(code: Int32(code.rawValue), message: explained.isEmpty ? String(cString: curl_easy_strerror(code)) : explained))
        }
        var status = 0
        ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: collector.headers, body: collector.body))
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Accumulates one transfer's headers and body from curl's callbacks.
private final class ResponseCollector {
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    func addHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after 100 Continue or a redirect) starts
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }
}
