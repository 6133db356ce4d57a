import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Storage
import Synchronization

/// One PostgreSQL connection for blocking callers: each statement waits for its answer, as SQLite's calls do.
///
/// Reconnects on the next statement after the connection broke (a server restart, a cut socket).
final class PostgresSession: @unchecked Sendable {
    // Invariant: a session is used by one caller at a time (the pool hands it out exclusively), so `connection` is
    // never touched concurrently.
    private let location: PostgresLocation
    private let logger: Logger
    private var connection: PostgresConnection?
    private static let nextId = Atomic<Int>(0)

    init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    func run(_ query: PostgresQuery) throws(StoreError) -> PostgresQueryResult {
        let open = try connected()
        do {
            return try open.query(query, logger: logger).wait()
        } catch {
            if open.isClosed { connection = nil }
            throw Self.storeError(error, statement: query.sql)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<Result>(_ body: (PostgresSession) throws(StoreError) -> Result) throws(StoreError) -> Result {
        try run("BEGIN")
        do {
            let result = try body(self)
            try run("COMMIT")
            return result
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }

    /// Closes the connection.
    func close() {
        _ = try? connection?.close().wait()
        connection = nil
    }

    private func connected() throws(StoreError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let id = Self.nextId.wrappingAdd(1, ordering: .relaxed).newValue
        do {
            let made = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: location.configuration, id: id, logger: logger
            ).wait()
            connection = made
            return made
        } catch {
            throw StoreError(.unavailable, "cannot reach PostgreSQL at \(location): \(Self.reason(error))")
        }
    }

    static func storeError(_ error: any Error, statement: String) -> StoreError {
        guard let psql = error as? PSQLError else { return StoreError(.internal, "PostgreSQL: \(error)") }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? "error"
            // Class 08 connection exceptions, 57P0x shutdowns, 53xxx out of resources: retry later.
            if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                return StoreError(.unavailable, "PostgreSQL is unavailable (\(state)): \(message)")
            }
            if state == "23505" { return StoreError(.conflict, "PostgreSQL unique key (\(state)): \(message)") }
            return StoreError(.internal, "PostgreSQL \(state): \(message) (in \(statement.prefix(80)))")
        default:
            return StoreError(.unavailable, "PostgreSQL connection failed: \(reason(psql))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            return psql.serverInfo?[.message] ?? "\(psql.code)"
        }
        return "\(error)"
    }
}
