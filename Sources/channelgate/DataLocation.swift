import UseCases
import ArgumentParser

/// `--config` and `--data-dir`: which installation a management command works on.
struct DataLocation: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Directory of the SQLite store (default ./data or the configuration's).")
    var dataDir: String?

    /// The configuration file (if any) and environment, with `--data-dir` applied.
    func configuration() throws -> GatewayConfiguration {
        var configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(file: config)
        } catch {
            throw ValidationError("\(error)")
        }
        if let dataDir { configuration.dataDirectory = dataDir }
        return configuration
    }
}
