import Access
import UseCases
import CanonicalModel
import Foundation
import Hummingbird
import Mapping
import Routing
import Storage

/// `/v1/routing/policy`: the active routing policy, its versions (author, time, diff), publishing a new version
/// (refused whole with `file:line:column` when it does not load) and rolling back; every change is audited.
struct RoutingPolicyRoutes {
    let core: RoutingCore?
    let store: any StorageBackend

    func register(on router: DeclaredRouter) {
        router.get("/v1/routing/policy/versions", .read(.other)) { _, _ in
            _ = try configured()
            return Response.json("{\"versions\":[" + (try store.routingPolicyVersions()).map(Self.describe).joined(separator: ",") + "]}")
        }
        router.post("/v1/routing/policy", .admin(.other)) { request, context in
            let core = try configured()
            let text = String(decoding: try await request.body.collect(upTo: 1 << 20).readableBytesView, as: UTF8.self)
            let policy: RoutingPolicy
            do {
                policy = try RoutingPolicyLoader.parse(text, file: "policy.yaml")
            } catch let error as RoutingLoadError {
                throw APIError(.unprocessableContent, code: "invalid_policy", message: error.description, field: "line \(error.line)")
            }
            let previous = try store.routingPolicyVersions().first { $0.active }
            let author = request.headers[.init("X-Author")!] ?? context.principal?.clientId ?? "anonymous"
            let version = try await store.publishRoutingPolicy(
                source: text, author: author, diff: LineDiff.make(from: previous?.source, to: text),
                audit: AuditEntry(
                    tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous", action: "routing.policy_publish", target: "",
                    before: previous.map { String($0.version) }, after: nil, at: Timestamp.format(Date())
                )
            )
            core.engine.replacePolicy(policy)
            return Response.json(Self.describe(version), status: .created)
        }
        router.post("/v1/routing/policy/rollback", .admin(.other)) { request, context in
            let core = try configured()
            let body = try await AdminRoutes.jsonObject(request)
            guard let version = (body["version"] as? NSNumber)?.int64Value else {
                throw APIError(.unprocessableContent, code: "invalid_field", message: "version is a stored version number", field: "version")
            }
            switch try await core.rollbackPolicy(to: version, tenant: context.tenant, actor: context.principal?.clientId ?? "anonymous") {
            case .success(let active):
                return Response.json(Self.describe(active))
            case .failure(.unknownVersion):
                throw APIError.notFound("routing policy version \(version)")
            case .failure(.doesNotLoad(let reason)):
                throw APIError(.unprocessableContent, code: "invalid_policy", message: reason, field: "version")
            }
        }
    }

    func configured() throws -> RoutingCore {
        guard let core else {
            throw APIError(.notFound, code: "routing_not_configured", message: "no fulfilment network is configured (routing.network)")
        }
        return core
    }

    static func describe(_ version: RoutingPolicyVersion) -> String {
        "{\"version\":" + String(version.version) + ",\"author\":" + JSONText.quoted(version.author) + ",\"publishedAt\":"
            + JSONText.quoted(version.publishedAt) + ",\"active\":" + String(version.active) + ",\"diff\":" + JSONText.quoted(version.diff)
            + ",\"source\":" + JSONText.quoted(version.source) + "}"
    }
}
