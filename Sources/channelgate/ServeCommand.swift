import Gateway
import UseCases
import ArgumentParser
import Foundation
import Logging

/// `channelgate serve`: runs the gateway on the embedded SQLite store, or as one replica on a PostgreSQL database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Directory for the SQLite store (default ./data).")
    var dataDir: String?

    @Option(name: .long, help: "Store URL: sqlite:PATH or postgresql://USER@HOST/DATABASE (default: the SQLite file in the data directory).")
    var store: String?

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: Int?

    @Flag(name: .long, help: "Do not seed demo orders into a fresh store.")
    var noDemo = false

    func run() async throws {
        var configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(file: config)
        } catch {
            throw ValidationError("\(error)")
        }
        if let dataDir { configuration.dataDirectory = dataDir }
        if let store {
            do {
                configuration.storeURL = try GatewayConfiguration.storeURL(store, "--store")
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be within 0...65535") }
            configuration.port = port
        }
        if noDemo { configuration.seedDemoData = false }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            StandardErrorLogHandler(label: label, logLevel: level)
        }
        let logger = Logger(label: "channelgate")
        let server = try GatewayServer(configuration: configuration, logger: logger)
        if try await server.prepare() != nil {
            logger.notice("created the demo client", metadata: ["client_id": "\(GatewayServer.demoClientId)", "secret_file": "\(server.demoSecretPath)"])
        }
        if !configuration.access.required {
            logger.warning("access checks are OFF: every route is open to anyone who can reach \(configuration.host)")
        }
        if configuration.seedDemoData {
            let seeded = try await DemoData.seed(into: server.ingest, tenant: configuration.defaultTenant)
            if seeded > 0 { logger.info("seeded demo orders", metadata: ["messages": "\(seeded)"]) }
        }
        let host = configuration.host
        let store = configuration.storeDescription
        let secretFile = FileManager.default.fileExists(atPath: server.demoSecretPath) ? server.demoSecretPath : nil
        try await server.run { port in
            FileHandle.standardOutput.write(Data((Self.banner(host: host, port: port, store: store, secretFile: secretFile) + "\n").utf8))
        }
    }

    static func banner(host: String, port: Int, store: String, secretFile: String?) -> String {
        let base = "http://\(host):\(port)"
        let secret = secretFile.map { "$(cat \($0))" } ?? "<secret from channelgate clients create>"
        return """
            ChannelGate listening on \(base) (store: \(store))
            Get a token for the demo client (every scope), then try:
              TOKEN=$(curl -s -u \(GatewayServer.demoClientId):\(secret) -d grant_type=client_credentials \(base)/oauth/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
              curl -s -H "Authorization: Bearer $TOKEN" \(base)/v1/orders
              curl -s -X POST \(base)/v1/channels/canonical/orders -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                -d '{"channelOrderId":"try-1","order":{"placedAt":"2026-11-27T10:00:00Z","currency":"CNY","amounts":{"total":"12.50"},"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":"12.50"}]}}'
              curl -s -H "Authorization: Bearer $TOKEN" '\(base)/v1/events?after=0&limit=10'
            """
    }
}
