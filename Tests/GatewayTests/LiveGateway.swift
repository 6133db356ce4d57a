import UseCases
import Adapters
import Foundation
import Gateway
import Logging
import ServiceLifecycle

/// The repository root, for the shipped mappings and fixtures.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A real gateway on 127.0.0.1 with a fresh SQLite file and the shipped mappings, and a libcurl client pointed at it.
struct LiveGateway: Sendable {
    let server: GatewayServer
    let baseURL: String
    let client: CurlHTTPClient
    let directory: String
    /// A bearer token of the demo client (every scope), sent with every request that does not name its own `Authorization`.
    var token: String = ""

    /// Runs `body` against a started gateway, then shuts it down gracefully and removes its files.
    static func with<T: Sendable>(
        configure: (inout GatewayConfiguration) -> Void = { _ in }, logHandler: (@Sendable (String) -> any LogHandler)? = nil, keepData: Bool = false,
        _ body: @Sendable (LiveGateway) async throws -> T
    ) async throws -> T {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.dataDirectory = NSTemporaryDirectory() + "channelgate-gw-" + UUID().uuidString
        configuration.seedDemoData = false
        configuration.mappingsDirectory = repository + "/mappings"
        configuration.contractTestsDirectory = repository + "/contract-tests"
        configure(&configuration)
        var logger = logHandler.map { Logger(label: "gateway-test", factory: $0) } ?? Logger(label: "gateway-test")
        if logHandler == nil { logger.logLevel = .warning }
        let server = try GatewayServer(configuration: configuration, logger: logger)
        let demoSecret = try await server.prepare() ?? (try? String(contentsOfFile: server.demoSecretPath, encoding: .utf8))
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let group = server.serviceGroup(gracefulShutdownSignals: []) { port in portContinuation.yield(port) }
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        var gateway = LiveGateway(
            server: server, baseURL: "http://127.0.0.1:\(port)", client: CurlHTTPClient(), directory: keepData ? "" : configuration.dataDirectory
        )
        do {
            if let demoSecret { gateway.token = try await gateway.fetchToken(clientId: GatewayServer.demoClientId, secret: demoSecret) }
            let result = try await body(gateway)
            await gateway.stop(group: group, running: running)
            return result
        } catch {
            await gateway.stop(group: group, running: running)
            throw error
        }
    }

    private func stop(group: ServiceGroup, running: Task<Void, any Error>) async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        server.store.close()
        if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// A token for `clientId` from `POST /oauth/token` (client_secret_post), optionally narrowed to `scope`.
    func fetchToken(clientId: String, secret: String, scope: String? = nil) async throws -> String {
        var form = "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(secret)"
        if let scope { form += "&scope=" + (scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope) }
        let response = try await client.send(
            "POST", baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)
        )
        guard response.status == 200, let token = try JSON.object(response)["access_token"] as? String else {
            throw TokenRequestFailed(status: response.status, body: String(decoding: response.body, as: UTF8.self))
        }
        return token
    }

    /// `headers` plus the gateway's token, unless they name `Authorization` (an empty value sends none).
    func authorized(_ headers: [String: String]) -> [String: String] {
        var all = headers
        if all["Authorization"] == nil, !token.isEmpty { all["Authorization"] = "Bearer " + token }
        if all["Authorization"] == "" { all["Authorization"] = nil }
        return all
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await client.send("GET", baseURL + path, headers: authorized(headers))
    }

    func post(_ path: String, _ body: String, contentType: String = "application/json", headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await post(path, Array(body.utf8), contentType: contentType, headers: headers)
    }

    func post(_ path: String, _ body: [UInt8], contentType: String = "application/json", headers: [String: String] = [:]) async throws -> HTTPResponse {
        var allHeaders = authorized(headers)
        allHeaders["Content-Type"] = contentType
        return try await client.send("POST", baseURL + path, headers: allHeaders, body: body)
    }
}

/// The token endpoint refused the test's client.
struct TokenRequestFailed: Error {
    let status: Int
    let body: String
}

/// JSON helpers for test assertions.
enum JSON {
    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw CancellationError()
        }
        return object
    }

    static func errorCode(_ response: HTTPResponse) -> String? {
        ((try? object(response))?["error"] as? [String: Any])?["code"] as? String
    }

    static func errorField(_ response: HTTPResponse) -> String? {
        ((try? object(response))?["error"] as? [String: Any])?["field"] as? String
    }
}

enum Orders {
    static func canonical(_ id: String, total: String = "25.00", quantity: String = "1", currency: String = "CNY", unitPrice: String? = nil) -> String {
        """
        {"channelOrderId":"\(id)","order":{"placedAt":"2026-11-27T10:00:00+08:00","currency":"\(currency)",
         "amounts":{"total":"\(total)"},"buyer":{"name":"Wang Fang","phone":"13800138000"},
         "shippingAddress":{"country":"CN","city":"Shanghai","street":["88 Century Ave"]},
         "lines":[{"sku":"SKU-1","quantity":\(quantity),"unitPrice":"\(unitPrice ?? total)"}]}}
        """
    }
}
