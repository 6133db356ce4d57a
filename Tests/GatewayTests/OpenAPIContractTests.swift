import UseCases
import Adapters
import Foundation
import Gateway
import Testing
import Yams

/// Keeps `openapi.yaml` true: every documented operation is served, and every served route is documented.
@Suite struct OpenAPIContractTests {
    static var document: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml").path
    }

    static func operations() throws -> [(method: String, path: String)] {
        let text = try String(contentsOfFile: document, encoding: .utf8)
        guard let root = try Yams.load(yaml: text) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw CancellationError()
        }
        var result: [(String, String)] = []
        for (path, item) in paths {
            for method in ["get", "post", "put", "delete", "patch"] where (item as? [String: Any])?[method] != nil {
                result.append((method.uppercased(), path))
            }
        }
        return result.sorted { $0.1 + $0.0 < $1.1 + $1.0 }
    }

    @Test func everyDocumentedOperationIsServed() async throws {
        let operations = try Self.operations()
        #expect(operations.count >= 10)
        try await LiveGateway.with { gateway in
            for (method, path) in operations {
                let concrete = path.replacingOccurrences(of: "{channel}", with: "canonical")
                    .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{kind}", with: "client")
                    .replacingOccurrences(of: "{name}", with: "demo")
                let response = try await gateway.client.send(
                    method, gateway.baseURL + concrete, headers: gateway.authorized(["Content-Type": "application/json"]),
                    body: method == "GET" ? nil : Array("{}".utf8)
                )
                let routeMissing = response.status == 404 && JSON.errorCode(response) == "not_found"
                    && ((try? JSON.object(response))?["error"] as? [String: Any])?["message"] as? String == "Not Found"
                #expect(!routeMissing, "\(method) \(path) is documented but not served")
            }
        }
    }

    /// The statuses documented for each operation, keyed by `METHOD path`; `default` stands for any.
    static func documentedStatuses() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: document, encoding: .utf8)
        guard let root = try Yams.load(yaml: text) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw CancellationError()
        }
        var result: [String: Set<String>] = [:]
        for (path, item) in paths {
            for method in ["get", "post", "put", "delete", "patch"] {
                guard let operation = (item as? [String: Any])?[method] as? [String: Any],
                      let responses = operation["responses"] as? [AnyHashable: Any] else { continue }
                result[method.uppercased() + " " + path] = Set(responses.keys.map { "\($0)" })
            }
        }
        return result
    }

    /// Probes every documented operation the ways a client goes wrong (no token, a token without the scope, unknown
    /// ids, empty, malformed and mistyped bodies) and checks every status it answered is documented for it.
    @Test func everyStatusAnOperationAnswersIsDocumented() async throws {
        let documented = try Self.documentedStatuses()
        let undocumented = try await LiveGateway.with { gateway in
            let narrow = try await AccessAPITests.client(gateway, id: "narrow", scopes: ["events:read"])
            var found: [String] = []
            for (operation, statuses) in documented.sorted(by: { $0.key < $1.key }) {
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let (method, path) = (parts[0], parts[1])
                var probes: [(path: String, headers: [String: String], body: [UInt8]?)] = []
                for (known, ids) in [
                    (true, ["canonical", "1", "client", "demo", "SKU-1"]), (false, ["nochannel", "999999", "nokind", "nobody", "NOSKU"]),
                    (false, ["Bad%20Name", "x", "Bad%20Kind", "%20", "%20"]),
                ] {
                    let concrete = path.replacingOccurrences(of: "{channel}", with: ids[0]).replacingOccurrences(of: "{id}", with: ids[1])
                        .replacingOccurrences(of: "{failure}", with: ids[1]).replacingOccurrences(of: "{kind}", with: ids[2])
                        .replacingOccurrences(of: "{name}", with: ids[3]).replacingOccurrences(of: "{sku}", with: ids[4])
                    let json = gateway.authorized(["Content-Type": "application/json"])
                    probes.append((concrete, json, method == "GET" ? nil : Array("{}".utf8)))
                    if method != "GET" {
                        probes.append((concrete, json, Array("{".utf8)))
                        probes.append((concrete, gateway.authorized(["Content-Type": "text/plain"]), Array("x".utf8)))
                    }
                    guard known else { continue }
                    probes.append((concrete, ["Content-Type": "application/json"], method == "GET" ? nil : Array("{}".utf8)))
                    probes.append((concrete, ["Content-Type": "application/json", "Authorization": "Bearer " + narrow], method == "GET" ? nil : Array("{}".utf8)))
                }
                for probe in probes {
                    let response = try await gateway.client.send(method, gateway.baseURL + probe.path, headers: probe.headers, body: probe.body)
                    let status = String(response.status)
                    if !statuses.contains(status), !statuses.contains("default") {
                        found.append("\(operation) answered \(status) (\(JSON.errorCode(response) ?? "-")) to \(probe.path)")
                    }
                }
            }
            return found
        }
        #expect(undocumented.isEmpty, "undocumented statuses:\n\(undocumented.joined(separator: "\n"))")
    }

    @Test func theRequestIdIsEchoedOrMadeUp() async throws {
        try await LiveGateway.with { gateway in
            let echoed = try await gateway.get("/healthz", headers: ["X-Request-Id": "trace-abc-123"])
            #expect(echoed.headers["x-request-id"] == "trace-abc-123")
            let replaced = try await gateway.get("/healthz", headers: ["X-Request-Id": String(repeating: "x", count: 200)])
            #expect(replaced.headers["x-request-id"]?.count ?? 0 > 0)
            #expect(replaced.headers["x-request-id"]?.count ?? 0 < 200)
            let failed = try await gateway.get("/v1/orders/none", headers: ["X-Request-Id": "trace-404"])
            #expect(failed.headers["x-request-id"] == "trace-404")
        }
    }
}
