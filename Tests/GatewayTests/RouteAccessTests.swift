import Foundation
import Testing

/// Each route's declared scope and rate-limit name decide who gets through; what no route declares needs an administrator.
@Suite struct RouteAccessTests {
    @Test func undeclaredPathsAndMethodsNeedAnAdministratorEvenForA404() async throws {
        try await LiveGateway.with { (gateway: LiveGateway) async throws in
            let reader = "Bearer " + (try await AccessAPITests.client(gateway, id: "reader", scopes: ["orders:read"]))
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": reader]).status == 200)
            let unknown = try await gateway.get("/v1/nothing-here", headers: ["Authorization": reader])
            #expect(unknown.status == 403)
            #expect(JSON.errorCode(unknown) == "insufficient_scope")
            #expect(try await gateway.get("/v1/nothing-here").status == 404, "an administrator learns it does not exist")
            let wrongMethod = try await gateway.client.send("DELETE", gateway.baseURL + "/v1/orders", headers: ["Authorization": reader])
            #expect(wrongMethod.status == 403)
            #expect(try await gateway.get("/v1/nothing-here", headers: ["Authorization": ""]).status == 401)
        }
    }

    @Test func aRouteLimitCountsOnlyTheRoutesDeclaredUnderItsName() async throws {
        try await LiveGateway.with { (gateway: LiveGateway) async throws in
            let set = try await gateway.client.send(
                "PUT", gateway.baseURL + "/v1/admin/rate-limits/route/orders",
                headers: ["Content-Type": "application/json", "Authorization": "Bearer " + gateway.token], body: Array(#"{"rate":0.01,"burst":2}"#.utf8)
            )
            #expect(set.status == 200)
            let unknownName = try await gateway.client.send(
                "PUT", gateway.baseURL + "/v1/admin/rate-limits/route/ordres",
                headers: ["Content-Type": "application/json", "Authorization": "Bearer " + gateway.token], body: Array(#"{"rate":1,"burst":1}"#.utf8)
            )
            #expect(unknownName.status == 404, "a limit no route counts against is refused, not silently kept")
            #expect(JSON.errorField(unknownName) == "name")
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await gateway.get("/v1/orders?limit=1").status) }
            #expect(statuses == [200, 200, 429, 429])
            #expect(try await gateway.get("/v1/orders/ord_missing").status == 429, "every orders route shares the limit")
            #expect(try await gateway.get("/v1/events?limit=1").status == 200, "the events routes count under their own name")
            #expect(try await gateway.get("/v1/channels").status == 200)
        }
    }
}
