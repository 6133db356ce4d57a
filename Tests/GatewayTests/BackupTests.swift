import UseCases
import CSQLite
import Foundation
import Gateway
import SQLiteStore
import Storage
import Synchronization
import Testing

/// Online backups under load, restores, and verification.
@Suite struct BackupTests {
    /// The channel order ids of every order in the store file at `path`.
    static func channelOrderIds(_ path: String) throws -> Set<String> {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT channel_order_id FROM orders", -1, &statement, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_finalize(statement) }
        var ids: Set<String> = []
        while sqlite3_step(statement) == SQLITE_ROW { ids.insert(String(cString: sqlite3_column_text(statement, 0))) }
        return ids
    }

    @Test func aBackupTakenUnderLoadRestoresEveryOrderAcknowledgedBeforeIt() async throws {
        let work = NSTemporaryDirectory() + "channelgate-backup-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let backupPath = work + "/backup.sqlite"
        let source = work + "/source"
        let (beforeBackup, acknowledged) = try await LiveGateway.with(configure: { $0.dataDirectory = source }, keepData: true) { gateway in
            let acknowledged = AcknowledgedOrders()
            let posters = (0..<4).map { poster in
                Task {
                    var index = 0
                    while !acknowledged.stopped {
                        let id = "BK-\(poster)-\(index)"
                        index += 1
                        if let answer = try? await gateway.post("/v1/channels/canonical/orders", Orders.canonical(id), headers: ["Idempotency-Key": id]),
                           answer.status == 202 {
                            acknowledged.add(id)
                        }
                    }
                }
            }
            while acknowledged.count < 200 { try await Task.sleep(for: .milliseconds(20)) }
            let before = Set(acknowledged.ids)
            let summary = try StoreBackup.run(from: gateway.server.configuration.storePath, to: backupPath, pagesPerStep: 8)
            #expect(summary.orders >= Int64(before.count))
            // Writes went on during the backup.
            let atEnd = acknowledged.count
            while acknowledged.count < atEnd + 100 { try await Task.sleep(for: .milliseconds(20)) }
            // The store cannot be restored under a running gateway.
            #expect(throws: StoreError.self) { try StoreRestore.run(backup: backupPath, to: gateway.server.configuration.storePath) }
            acknowledged.stop()
            for poster in posters { await poster.value }
            return (before, Set(acknowledged.ids))
        }
        let report = try StoreVerification.run(path: backupPath)
        #expect(report.isClean, "\(report)")
        let inBackup = try Self.channelOrderIds(backupPath)
        #expect(beforeBackup.isSubset(of: inBackup), "\(beforeBackup.subtracting(inBackup).count) acknowledged orders are missing")
        #expect(inBackup.isSubset(of: acknowledged.union(inBackup.filter { $0.hasPrefix("BK-") })))
        #expect(inBackup.count < acknowledged.count, "the backup is of one moment, before the later writes")

        // Restored into a new data directory with the same keys, the gateway serves the backup's orders unmasked.
        let restored = work + "/restored"
        try DataFiles.createDirectory(restored)
        for key in ["pii.keys", "signing.keys", "demo-client.secret"] { try FileManager.default.copyItem(atPath: source + "/" + key, toPath: restored + "/" + key) }
        let outcome = try StoreRestore.run(backup: backupPath, to: restored + "/channelgate.sqlite")
        #expect(outcome.previousStore == nil)
        try await LiveGateway.with(configure: { $0.dataDirectory = restored }, keepData: true) { (gateway: LiveGateway) async throws in
            #expect(try gateway.server.store.counts(tenant: "default").orders == Int64(inBackup.count))
            let listed = try await gateway.get("/v1/orders?channel=canonical&limit=1")
            #expect(listed.status == 200)
            #expect(listed.text.contains("Wang Fang"), "personal data opens with the restored keys")
        }
        // Restoring over an existing store keeps the old one. The directory is one this test process never served from:
        // after an in-process gateway stops, the process still has that store's SQLite files open.
        let second = work + "/second"
        try DataFiles.createDirectory(second)
        _ = try StoreRestore.run(backup: backupPath, to: second + "/channelgate.sqlite")
        let again = try StoreRestore.run(backup: backupPath, to: second + "/channelgate.sqlite")
        #expect(again.previousStore.map { FileManager.default.fileExists(atPath: $0) } == true)
        #expect(try StoreVerification.run(path: second + "/channelgate.sqlite").isClean)
    }

    @Test func aBackupOfAStoreThatIsNotThereFailsAndCreatesNothing() throws {
        let work = NSTemporaryDirectory() + "channelgate-nostore-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(throws: StoreError.self) { try StoreBackup.run(from: work + "/channelgate.sqlite", to: work + "/backup.sqlite") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    @Test func verificationFindsAnOrderWhoseEventsWereLost() async throws {
        let work = NSTemporaryDirectory() + "channelgate-verify-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await LiveGateway.with(configure: { $0.dataDirectory = work }, keepData: true) { (gateway: LiveGateway) async throws in
            for index in 0..<5 { #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("V-\(index)")).status == 202) }
        }
        #expect(try StoreVerification.run(path: work + "/channelgate.sqlite").isClean)
        var handle: OpaquePointer?
        #expect(sqlite3_open(work + "/channelgate.sqlite", &handle) == SQLITE_OK)
        #expect(sqlite3_exec(handle, "PRAGMA foreign_keys = OFF; DELETE FROM events WHERE channel_order_id = 'V-3'", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(handle)
        let report = try StoreVerification.run(path: work + "/channelgate.sqlite")
        #expect(!report.isClean)
        #expect(report.ordersOutOfStep == 1)
        #expect(report.ordersOutOfStepExamples.count == 1)
    }
}

/// Orders the posters of a test got a 2xx for, and whether they should stop.
final class AcknowledgedOrders: Sendable {
    private let list = Mutex<[String]>([])
    private let stopping = Atomic<Bool>(false)

    func add(_ id: String) { list.withLock { $0.append(id) } }
    var ids: [String] { list.withLock { $0 } }
    var count: Int { list.withLock { $0.count } }
    func stop() { stopping.store(true, ordering: .relaxed) }
    var stopped: Bool { stopping.load(ordering: .relaxed) }
}
