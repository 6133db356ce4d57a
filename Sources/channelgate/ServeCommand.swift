import ArgumentParser
import Foundation
import Gateway
import Logging

/// `channelgate serve`: runs the gateway on the embedded SQLite store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Directory for the SQLite store (default ./data).")
    var dataDir: String?

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
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be within 0...65535") }
            configuration.port = port
        }
        if noDemo { configuration.seedDemoData = false }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "channelgate")
        let server = try GatewayServer(configuration: configuration, logger: logger)
        if configuration.seedDemoData {
            let seeded = try await DemoData.seed(into: server.ingest, tenant: configuration.defaultTenant)
            if seeded > 0 { logger.info("seeded demo orders", metadata: ["messages": "\(seeded)"]) }
        }
        let host = configuration.host
        let store = configuration.storePath
        try await server.run { port in
            FileHandle.standardOutput.write(Data((Self.banner(host: host, port: port, store: store) + "\n").utf8))
        }
    }

    static func banner(host: String, port: Int, store: String) -> String {
        let base = "http://\(host):\(port)"
        return """
            ChannelGate listening on \(base) (store: \(store))
            Try:
              curl -s \(base)/v1/orders
              curl -s -X POST \(base)/v1/channels/canonical/orders -H 'Content-Type: application/json' \\
                -d '{"channelOrderId":"try-1","order":{"placedAt":"2026-11-27T10:00:00Z","currency":"CNY","amounts":{"total":"12.50"},"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":"12.50"}]}}'
              curl -s '\(base)/v1/events?after=0&limit=10'
            """
    }
}
