import UseCases
import Adapters
import CSQLite
import Foundation
import Gateway
import Testing

@Suite struct StoreOutageTests {
    @Test func aLockedStoreAnswers503ThenRecoversByItself() async throws {
        try await LiveGateway.with(configure: { $0.storeBusyTimeoutMilliseconds = 100 }) { gateway in
            #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("O-1")).status == 202)
            var handle: OpaquePointer?
            #expect(sqlite3_open(gateway.server.configuration.storePath, &handle) == SQLITE_OK)
            #expect(sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)

            let refused = try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("O-2"))
            #expect(refused.status == 503)
            #expect(refused.headers["retry-after"] == "1")
            #expect(JSON.errorCode(refused) == "store_unavailable")
            let notReady = try await gateway.get("/readyz")
            #expect(notReady.status == 503)
            // Reads still work while writes cannot.
            #expect(try await gateway.get("/v1/orders").status == 200)

            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            sqlite3_close(handle)
            var ready = false
            for _ in 0..<100 where !ready {
                try await Task.sleep(for: .milliseconds(100))
                ready = try await gateway.get("/readyz").status == 200
            }
            #expect(ready)
            #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("O-2")).status == 202)
            #expect(try gateway.server.store.counts(tenant: "default").events == 2)
        }
    }
}
