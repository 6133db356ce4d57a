import CSQLite
import Foundation
import Ingest
import Store
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
}
