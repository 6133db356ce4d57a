import Foundation
import Logging
import SQLiteStore
import Storage
import Testing
@testable import UseCases

/// Work named by leases spreads over the processes on one store and moves when one stops.
@Suite struct LeaseSpreadTests {
    @Test func namesSpreadOverTwoProcessesAndMoveWhenOneStops() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-spread-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteEventStore(path: directory + "/store.sqlite", logger: Logger(label: "spread"))
        defer { store.close() }
        let names = (1...6).map { "channel-\($0)" }
        // Leases long enough that no lease runs out between two steps, however long the suite's load delays them:
        // what is checked is how names spread, not when leases expire.
        let first = LeaseSpread(store: store, kind: "outbound", owner: "replica-a", seconds: 600, logger: Logger(label: "a"))
        let second = LeaseSpread(store: store, kind: "outbound", owner: "replica-b", seconds: 600, logger: Logger(label: "b"))

        #expect(await first.refresh(names) == Set(names), "alone, a process takes everything")
        #expect(await second.refresh(names).isEmpty, "a newcomer takes nothing another holds")
        let kept = await first.refresh(names)
        #expect(kept.count == 3, "once two are present, each keeps its share")
        let taken = await second.refresh(names)
        #expect(taken.count == 3 && taken.isDisjoint(with: kept) && taken.union(kept) == Set(names))

        await first.releaseAll()
        #expect(await second.refresh(names) == Set(names), "the work of a process that stopped moves to the others")
    }
}
