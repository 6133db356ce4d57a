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
    let open: @Sendable (_ directory: String) async throws -> any StorageBackend

    var description: String { name }

    /// Every backend the suite proves in full; a new backend is one more line here.
    static let all: [Backend] = [.sqlite, .postgresql]

    static let sqlite = Backend(name: "sqlite") { directory in
        var configuration = SQLiteEventStore.Configuration()
        configuration.probeInterval = 0.1
        return try SQLiteEventStore(path: directory + "/store.sqlite", configuration: configuration, logger: Logger(label: "conformance"))
    }

    /// A fresh database on this test process's throwaway PostgreSQL server.
    static let postgresql = Backend(name: "postgresql") { _ in
        try await offCooperativeThreads {
            let server = try ThrowawayPostgres.start()
            return try PostgresEventStore(url: try server.createDatabase(), logger: Logger(label: "conformance"))
        }
    }

    /// Runs `body` with a fresh store of this backend, closed and deleted afterwards.
    func withStore(_ body: (any StorageBackend) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "channelgate-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await open(directory)
        defer { store.close() }
        try await body(store)
    }
}
