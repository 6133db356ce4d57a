import UseCases
import ArgumentParser
import Foundation
import Logging
import Storage

/// `channelgate clients`: API clients on the store of a data directory (the gateway may be running).
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "Create, list, rotate and disable API clients.",
        subcommands: [Create.self, List.self, RotateSecret.self, Disable.self, Enable.self]
    )

    /// Who the audit log names for command-line changes.
    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a client and print its secret once.")
        @OptionGroup var location: DataLocation
        @Option(name: .long, help: "Client id (default: generated).") var id: String?
        @Option(name: .long, help: "Display name.") var name: String
        @Option(name: .long, help: "Tenant (default: the configured one).") var tenant: String?
        @Option(name: .long, parsing: .upToNextOption, help: "Scopes: orders:write:<channel>, orders:write:*, orders:read, events:read, pii:read, admin.")
        var scope: [String]

        func run() async throws {
            let (store, defaultTenant) = try location.open()
            defer { store.close() }
            do {
                let created = try await ClientRegistry(store: store).create(
                    tenant: tenant ?? defaultTenant, name: name, scopes: scope, clientId: id, actor: ClientsCommand.actor
                )
                print("client_id=\(created.client.clientId)\nclient_secret=\(created.secret)\nscope=\(scope.joined(separator: " "))")
            } catch let error as ClientRegistryError {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients (never their secrets).")
        @OptionGroup var location: DataLocation

        func run() async throws {
            let (store, _) = try location.open()
            defer { store.close() }
            for client in try store.clients(tenant: nil) {
                print([client.clientId, client.tenant, client.status.rawValue, client.scopes.joined(separator: " "), client.name].joined(separator: "\t"))
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "Replace a client's secret and print the new one.")
        @OptionGroup var location: DataLocation
        @Argument(help: "Client id.") var clientId: String

        func run() async throws {
            let (store, _) = try location.open()
            defer { store.close() }
            print("client_secret=" + (try await ClientRegistry(store: store).rotateSecret(clientId: clientId, tenant: nil, actor: ClientsCommand.actor)))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a client: no new tokens; a running gateway refuses its tokens after its next reload.")
        @OptionGroup var location: DataLocation
        @Argument(help: "Client id.") var clientId: String

        func run() async throws {
            let (store, _) = try location.open()
            defer { store.close() }
            _ = try await ClientRegistry(store: store).setStatus(clientId: clientId, tenant: nil, active: false, actor: ClientsCommand.actor)
            print("disabled \(clientId)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-enable a disabled client.")
        @OptionGroup var location: DataLocation
        @Argument(help: "Client id.") var clientId: String

        func run() async throws {
            let (store, _) = try location.open()
            defer { store.close() }
            _ = try await ClientRegistry(store: store).setStatus(clientId: clientId, tenant: nil, active: true, actor: ClientsCommand.actor)
            print("enabled \(clientId)")
        }
    }
}

extension DataLocation {
    /// The installation's store, opened (its directory created 0700 if missing), and its default tenant.
    func open() throws -> (store: any StorageBackend, tenant: String) {
        let configuration = try configuration()
        var logger = Logger(label: "channelgate-clients")
        logger.logLevel = .warning
        return (try StoreComposition.open(configuration, cipher: nil, logger: logger), configuration.defaultTenant)
    }
}
