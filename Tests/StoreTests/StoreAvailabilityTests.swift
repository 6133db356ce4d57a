import CSQLite
import Foundation
import TestSupport
import Ingest
import Logging
import SQLiteStore
import Storage
import Testing

@Suite struct StoreAvailabilityTests {
    /// Holds the database's write lock from a second connection, as another process would.
    final class LockHolder {
        var handle: OpaquePointer?
        init(path: String) throws {
            guard sqlite3_open(path, &handle) == SQLITE_OK else { throw CancellationError() }
            guard sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else { throw CancellationError() }
        }
        func release() {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            sqlite3_close(handle)
            handle = nil
        }
    }

    @Test func aLockedDatabaseRefusesWritesThenRecoversByItself() async throws {
        let fixture = try StoreFixture(busyTimeoutMilliseconds: 100)
        _ = try await fixture.post(StoreFixture.order("L-0"))
        let lock = try LockHolder(path: fixture.directory + "/store.sqlite")
        do {
            _ = try await fixture.post(StoreFixture.order("L-1"))
            Issue.record("a write under another process's lock must fail")
        } catch .store(let error) {
            #expect(error.kind == .unavailable)
        }
        #expect(!fixture.store.isWritable)
        // While unhealthy, writes fail at once.
        await #expect(throws: IngestError.self) { try await fixture.post(StoreFixture.order("L-2")) }
        lock.release()
        var recovered = false
        for _ in 0..<50 where !recovered {
            try await Task.sleep(for: .milliseconds(100))
            recovered = fixture.store.isWritable
        }
        #expect(recovered)
        _ = try await fixture.post(StoreFixture.order("L-3"))
        #expect(try fixture.store.counts(tenant: "t1").events == 2)
    }

    @Test func writesQueuedBehindALockedCommitFailWithItNotAfterAnotherWait() async throws {
        // A 3 s busy wait keeps "failed with the commit ahead" (about 0 s later) far from "waited again" (3 s later),
        // so a loaded machine's scheduling delays cannot blur the two.
        let fixture = try StoreFixture(busyTimeoutMilliseconds: 3000)
        _ = try await fixture.post(StoreFixture.order("Q-0"))
        let lock = try LockHolder(path: fixture.directory + "/store.sqlite")
        defer { lock.release() }
        // The first write takes the writer into a busy wait; the others queue behind it.
        let first = Task { () -> Date in
            _ = try? await fixture.post(StoreFixture.order("Q-1"))
            return Date()
        }
        try await Task.sleep(for: .milliseconds(200))
        let failed = await withTaskGroup(of: Bool.self) { group in
            for index in 2..<10 {
                group.addTask { (try? await fixture.post(StoreFixture.order("Q-\(index)"))) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let queuedFailedAt = Date()
        let firstFailedAt = await first.value
        #expect(failed == 8)
        // They fail with the commit ahead of them, not after a busy wait of their own (another 3 s): timed against
        // that commit's failure, so a busy machine's delays before it do not count.
        let after = queuedFailedAt.timeIntervalSince(firstFailedAt)
        #expect(after < 2, "queued writes failed \(after) s after the commit ahead of them")
    }

    /// Makes a file unwritable for this process: by mode for an ordinary user, with the immutable attribute for root
    /// (whom modes do not stop). Returns false when neither works here.
    static func setWritable(_ path: String, _ writable: Bool) throws -> Bool {
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: writable ? 0o600 : 0o400], ofItemAtPath: path)
            return true
        }
        guard (try? ChildProcess.run("/usr/bin/chattr", [writable ? "-i" : "+i", path])) == 0 else { return false }
        if writable { return true }
        let descriptor = open(path, O_WRONLY)
        if descriptor >= 0 { close(descriptor) }
        return descriptor < 0
    }

    @Test func aStoreOpenedOnAReadOnlyFileIsNotReadyAndRecoversWithoutARestart() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-ro-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        var configuration = SQLiteEventStore.Configuration()
        configuration.probeInterval = 0.1
        do {
            let first = try SQLiteEventStore(path: path, configuration: configuration, logger: Logger(label: "test"))
            let ingest = IngestService(store: first, channels: [], logger: Logger(label: "test"))
            _ = try await ingest.ingest(IngestRequest(tenant: "t1", channel: "canonical", contentType: "application/json", messageIdHeader: nil, body: Array(StoreFixture.order("RO-0").utf8)))
            first.close()
        }
        let files = [path]
        // As root on a file system without the immutable attribute (tmpfs), no file can be made read-only for this
        // process; ReadOnlyStoreTests covers the same recovery there, with the gateway running as `nobody`.
        for file in files where !(try Self.setWritable(file, false)) { return }
        defer { for file in files { _ = try? Self.setWritable(file, true) } }

        let store = try SQLiteEventStore(path: path, configuration: configuration, logger: Logger(label: "test"))
        defer { store.close() }
        // Not ready from the start, before any write was tried.
        #expect(!store.isWritable)
        #expect(store.unavailableReason?.contains("readonly") == true, "\(store.unavailableReason ?? "")")
        let ingest = IngestService(store: store, channels: [], logger: Logger(label: "test"))
        let request = IngestRequest(tenant: "t1", channel: "canonical", contentType: "application/json", messageIdHeader: nil, body: Array(StoreFixture.order("RO-1").utf8))
        await #expect(throws: IngestError.self) { try await ingest.ingest(request) }

        // Permissions fixed: the store takes writes again without a restart.
        for file in files { #expect(try Self.setWritable(file, true)) }
        var recovered = false
        for _ in 0..<50 where !recovered {
            try await Task.sleep(for: .milliseconds(100))
            recovered = store.isWritable
        }
        #expect(recovered)
        _ = try await ingest.ingest(request)
        #expect(try store.counts(tenant: "t1").events == 2)
    }
}
