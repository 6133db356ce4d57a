import Foundation
import Logging
import PostgresStore
import SQLiteStore
import Storage
import TestSupport

/// A storage backend the conformance suite runs against: how to open a fresh, empty one.
struct Backend: Sendable, CustomStringConvertible {
    let name: String
    /// Opens an empty store in `directory`.
    let open: @Sendable (_ directory: String) throws -> any StorageBackend

    var description: String { name }

    /// Every backend the suite proves in full; a new backend is one more line here.
    static let all: [Backend] = [.sqlite]

    static let sqlite = Backend(name: "sqlite") { directory in
        var configuration = SQLiteEventStore.Configuration()
        configuration.probeInterval = 0.1
        return try SQLiteEventStore(path: directory + "/store.sqlite", configuration: configuration, logger: Logger(label: "conformance"))
    }

    /// Runs `body` with a fresh store of this backend, closed and deleted afterwards.
    func withStore(_ body: (any StorageBackend) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "channelgate-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try open(directory)
        defer { store.close() }
        try await body(store)
    }
}

/// What the event log suites need of a backend: the log itself, the orders it leaves and its dead letters.
typealias EventStore = EventLog & OrderReadModel & DeadLetterStore

/// A backend proven on the event log, order and dead-letter suites (PostgreSQL implements these first).
struct EventStoreBackend: Sendable, CustomStringConvertible {
    let name: String
    /// Opens an empty store (in `directory` when it is file-based) and says how to close it.
    let open: @Sendable (_ directory: String) throws -> (store: any EventStore, close: @Sendable () -> Void)

    var description: String { name }

    static let all: [EventStoreBackend] = [.sqlite, .postgresql]

    static let sqlite = EventStoreBackend(name: "sqlite") { directory in
        let store = try Backend.sqlite.open(directory)
        return (store, { store.close() })
    }

    /// A fresh database on this test process's throwaway PostgreSQL server.
    static let postgresql = EventStoreBackend(name: "postgresql") { _ in
        let server = try ThrowawayPostgres.start()
        let store = try PostgresEventStore(url: try server.createDatabase(), logger: Logger(label: "conformance"))
        return (store, { store.close() })
    }

    /// Runs `body` with a fresh store of this backend, closed afterwards.
    func withStore(_ body: (any EventStore) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "channelgate-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, close) = try open(directory)
        defer { close() }
        try await body(store)
    }
}
