import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives, read from a store URL: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (TCP)
/// or `postgresql:///DATABASE?host=/SOCKET/DIRECTORY&user=USER` (a unix socket, as libpq writes it).
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the server is reached.
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(directory: String)
    }

    /// The server's address or socket directory.
    public var endpoint: Endpoint
    /// The role to connect as.
    public var user: String
    /// The role's password, for TCP connections that need one.
    public var password: String?
    /// The database holding ChannelGate's tables.
    public var database: String

    /// Reads `url`; throws a message naming the part at fault.
    public init(url: String) throws(PostgresLocationError) {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://"),
              let components = URLComponents(string: url)
        else { throw PostgresLocationError("\(Self.redacted(url)) is not a postgresql:// URL") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw PostgresLocationError("the URL names no database (postgresql://…/DATABASE)") }
        database = path
        user = components.user ?? query["user"] ?? "postgres"
        password = components.password ?? query["password"]
        if let socket = query["host"], socket.hasPrefix("/") {
            endpoint = .unixSocket(directory: socket)
        } else if let host = components.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: components.port ?? 5432)
        } else if let host = query["host"], !host.isEmpty {
            endpoint = .tcp(host: host, port: Int(query["port"] ?? "") ?? 5432)
        } else {
            throw PostgresLocationError("the URL names no host (postgresql://HOST/DATABASE, or ?host=/socket/directory)")
        }
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): "postgresql://\(user)@\(host):\(port)/\(database)"
        case .unixSocket(let directory): "postgresql:///\(database)?host=\(directory)&user=\(user)"
        }
    }

    /// The postgres-nio configuration for a connection to this location.
    var configuration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        case .unixSocket(let directory):
            configuration = .init(unixSocketPath: directory + "/.s.PGSQL.5432", username: user, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// `url` with any password replaced, for messages about a URL that could not be read.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "the store URL"
    }
}

/// A store URL that cannot be read.
public struct PostgresLocationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the URL.
    public let description: String

    init(_ description: String) { self.description = description }
}
