import Adapters
import Foundation
import Testing
import TestSupport

/// `channelgate store copy`: a SQLite installation moved into PostgreSQL serves the same orders, sealed data included.
@Suite struct StoreCopyTests {
    @Test func aSQLiteStoreCopiedIntoPostgreSQLServesTheSameOrdersAndTakesNewOnes() async throws {
        let url = try await offCooperativeThreads { try ThrowawayPostgres.start().createDatabase() }
        let directory = NSTemporaryDirectory() + "channelgate-copy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = CurlHTTPClient()

        func token(_ server: DurabilityTests.ChildServer) async throws -> String {
            let secret = try String(contentsOfFile: directory + "/demo-client.secret", encoding: .utf8)
            let answer = try await client.send(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("grant_type=client_credentials&client_id=demo&client_secret=\(secret)".utf8)
            )
            return "Bearer " + (try #require(try JSON.object(answer)["access_token"] as? String))
        }
        func post(_ id: String, to server: DurabilityTests.ChildServer, bearer: String) async throws -> Int {
            try await client.send(
                "POST", server.baseURL + "/v1/channels/canonical/orders",
                headers: ["Content-Type": "application/json", "Idempotency-Key": id, "Authorization": bearer], body: Array(Orders.canonical(id).utf8)
            ).status
        }

        let onSQLite = try await DurabilityTests.ChildServer(dataDirectory: directory)
        let sqliteBearer = try await token(onSQLite)
        for index in 0..<3 { #expect(try await post("COPY-\(index)", to: onSQLite, bearer: sqliteBearer) == 202) }
        onSQLite.process.send(SIGTERM)
        onSQLite.process.waitUntilExit()

        let copy = { @Sendable () throws -> Int32 in
            try ChildProcess.run(DurabilityTests.binary, ["store", "copy", "--data-dir", directory, "--to", url])
        }
        #expect(try await offCooperativeThreads(copy) == 0)
        #expect(try await offCooperativeThreads(copy) == 0, "a second copy adds nothing and succeeds")

        let onPostgreSQL = try await DurabilityTests.ChildServer(dataDirectory: directory, extraArguments: ["--store", url])
        defer { onPostgreSQL.kill() }
        let bearer = try await token(onPostgreSQL)
        let orders = try JSON.object(try await client.send("GET", onPostgreSQL.baseURL + "/v1/orders?limit=10", headers: ["Authorization": bearer]))
        let listed = orders["orders"] as? [[String: Any]] ?? []
        #expect(Set(listed.compactMap { $0["channelOrderId"] as? String }) == ["COPY-0", "COPY-1", "COPY-2"])
        let id = try #require(listed.first?["orderId"] as? String)
        let order = try await client.send("GET", onPostgreSQL.baseURL + "/v1/orders/\(id)", headers: ["Authorization": bearer])
        #expect(order.text.contains("Wang Fang"), "sealed personal data opens with the same key files")
        #expect(try await post("COPY-0", to: onPostgreSQL, bearer: bearer) == 202, "a resend of a copied message gets its stored answer")
        #expect(try await post("AFTER-COPY", to: onPostgreSQL, bearer: bearer) == 202, "new orders take positions after the copied ones")
        let feed = try JSON.object(try await client.send("GET", onPostgreSQL.baseURL + "/v1/events?after=0&limit=100", headers: ["Authorization": bearer]))
        #expect((feed["events"] as? [[String: Any]])?.count == 4)
    }
}
