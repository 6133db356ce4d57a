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
