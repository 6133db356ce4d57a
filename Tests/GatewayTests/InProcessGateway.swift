import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import UseCases

/// The gateway's router driven in process (Hummingbird's router test mode): a real store and every route and
/// middleware, no socket. For route behaviour; durability, signals and streaming stay with ``LiveGateway``.
struct InProcessGateway: Sendable {
    let server: GatewayServer
    let client: any TestClientProtocol
    /// A bearer token of the demo client (every scope).
    let token: String
    /// The demo client's secret, for tokens of narrower scope.
    let secret: String

    /// Runs `body` against a fresh gateway's router, then removes its files.
    static func with<T: Sendable>(
        configure: (inout GatewayConfiguration) -> Void = { _ in }, _ body: @Sendable (InProcessGateway) async throws -> T
    ) async throws -> T {
        var configuration = GatewayConfiguration()
        configuration.dataDirectory = NSTemporaryDirectory() + "channelgate-inproc-" + UUID().uuidString
        configuration.seedDemoData = false
        configuration.mappingsDirectory = repository + "/mappings"
        configuration.contractTestsDirectory = repository + "/contract-tests"
        configure(&configuration)
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        var logger = Logger(label: "inprocess-test")
        logger.logLevel = .warning
        let server = try GatewayServer(configuration: configuration, logger: logger)
        defer { server.store.close() }
        let secret = try await server.prepare() ?? String(contentsOfFile: server.demoSecretPath, encoding: .utf8)
        let application = Application(router: server.makeRouter(), logger: logger)
        return try await application.test(.router) { client in
            let form = "grant_type=client_credentials&client_id=\(GatewayServer.demoClientId)&client_secret=\(secret)"
            let answer = try await client.execute(
                uri: "/oauth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            )
            let fields = try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any]
            let token = fields?["access_token"] as? String ?? ""
            return try await body(InProcessGateway(server: server, client: client, token: token, secret: secret))
        }
    }

    /// Sends one request with the demo token unless `headers` names its own `Authorization`.
    func send(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if fields[.authorization] == nil { fields[.authorization] = "Bearer " + token }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    /// The JSON object of an answer's body.
    static func object(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }
}
