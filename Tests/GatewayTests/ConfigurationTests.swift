import Foundation
import Gateway
import Ingest
import Testing

@Suite struct ConfigurationTests {
    static var shippedFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/channelgate.yaml").path
    }

    @Test func theShippedFileLoadsAndEnvironmentOverridesIt() throws {
        let configuration = try GatewayConfiguration.load(
            file: Self.shippedFile, environment: ["CHANNELGATE_PORT": "9123", "CHANNELGATE_DATA_DIR": "/tmp/x"]
        )
        #expect(configuration.port == 9123)
        #expect(configuration.dataDirectory == "/tmp/x")
        #expect(configuration.maxBodyBytes == 1_048_576)
        #expect(configuration.channels == [ChannelDefinition(name: "webshop", format: .canonical, onInvalid: .deadLetter)])
    }

    @Test func errorsNameTheFileLineAndKey() {
        var configuration = GatewayConfiguration()
        #expect(throws: ConfigurationError.self) { try configuration.apply(yaml: "port: 8080\nprot: 9\n", file: "c.yaml") }
        do {
            try configuration.apply(yaml: "port: 8080\nmaxBodyBytes: -1\n", file: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("c.yaml:2: maxBodyBytes"))
        }
        #expect(throws: ConfigurationError.self) { try configuration.apply(yaml: "channels:\n  - name: Bad Name\n") }
        #expect(throws: ConfigurationError.self) { try configuration.apply(environment: ["CHANNELGATE_PORT": "eighty"]) }
    }
}
