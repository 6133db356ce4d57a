import Foundation
import Logging
import PostgresNIO
import Storage

/// ChannelGate's store on PostgreSQL, shared by several gateway replicas: the event log, orders and dead letters.
///
/// Writers of every replica queue on the event log's head row, so positions become visible strictly in order;
/// readers use their own sessions and never wait for writers.
public final class PostgresEventStore: Sendable {
    public let location: PostgresLocation
    let readers: PostgresSessionPool
    let writers: PostgresSessionPool
    /// Wakes this replica's long polls at its own commits; other replicas' commits are found by polling.
    let signal = CommitSignal()
    let sealing: ArchiveSealing?
    let logger: Logger
    /// How often a long poll looks for other replicas' commits.
    static let pollInterval: Duration = .milliseconds(50)

    /// Connects to `url` (``PostgresLocation``) and brings its schema up to date.
    public init(url: String, sealing: ArchiveSealing? = nil, readers: Int = 4, writers: Int = 4, logger: Logger) throws {
        location = try PostgresLocation(url: url)
        self.readers = PostgresSessionPool(location: location, size: readers, logger: logger)
        self.writers = PostgresSessionPool(location: location, size: writers, logger: logger)
        self.sealing = sealing
        self.logger = logger
        try self.writers.with { session throws(StoreError) in try PostgresMigrations.apply(in: session) }
    }

    /// Closes every session.
    public func close() {
        readers.close()
        writers.close()
    }

    /// Runs `body` in one write transaction holding the log's head, off the caller's thread; retried when PostgreSQL
    /// picked it as a deadlock or serialization victim. Long polls are woken after the commit.
    func write<Value: Sendable>(_ body: @escaping @Sendable (PostgresAppendTransaction) throws -> Value) async throws -> Value {
        let result: Value = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result<Value, any Error> { try self.writeNow(body) })
            }
        }
        signal.signal()
        return result
    }

    private func writeNow<Value>(_ body: (PostgresAppendTransaction) throws -> Value) throws -> Value {
        var attempt = 0
        while true {
            attempt += 1
            let outcome = Result<Value, StoreError> { () throws(StoreError) -> Value in
                try writers.with { session throws(StoreError) in try Self.transaction(in: session, body) }
            }
            switch outcome {
            case .success(let value): return value
            case .failure(let error): if attempt >= 5 || !Self.isRetryable(error) { throw error }
            }
        }
    }

    private static func transaction<Value>(
        in session: PostgresSession, _ body: (PostgresAppendTransaction) throws -> Value
    ) throws(StoreError) -> Value {
        try session.run("BEGIN")
        do {
            let transaction = try PostgresAppendTransaction(session: session)
            let result = try body(transaction)
            try transaction.finish()
            try session.run("COMMIT")
            return result
        } catch {
            _ = try? session.run("ROLLBACK")
            if let storeError = error as? StoreError { throw storeError }
            throw StoreError(.internal, "\(error)")
        }
    }

    private static func isRetryable(_ error: StoreError) -> Bool {
        error.message.hasPrefix("PostgreSQL 40001") || error.message.hasPrefix("PostgreSQL 40P01")
    }

    /// `message` with its body sealed, when the store seals archives.
    func sealed(_ message: InboundMessage) throws -> InboundMessage {
        guard let sealing else { return message }
        var copy = message
        copy.body = try sealing.seal(message.body)
        return copy
    }

    /// `source` with any message body in it sealed.
    func sealed(_ source: AppendSource) throws -> AppendSource {
        switch source {
        case .message(let message): .message(try sealed(message))
        case .deadLetter(let tenant, let id, let replacement?): .deadLetter(tenant: tenant, id: id, replacement: try sealed(replacement))
        case .deadLetter, .core: source
        }
    }
}
