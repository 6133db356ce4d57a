import ArgumentParser

/// The `channelgate` command line.
@main
struct ChannelGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channelgate",
        abstract: "ChannelGate: a channel integration gateway for order management.",
        subcommands: [
            ServeCommand.self, MappingCommand.self, ContractTestCommand.self, ClientsCommand.self, StoreCommand.self, RouteCommand.self, ForecastCommand.self,
        ]
    )
}
