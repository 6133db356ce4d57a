import Access
import CanonicalModel
import Foundation
import Hummingbird
import Ingest
import Mapping
import Storage
import UseCases

/// `POST /v1/mappings/{channel}/preview` (a draft tried on a sample, its contract tests and the channel's stored
/// traffic, nothing stored) and `GET /v1/channels/{channel}/messages` (the channel's newest archived messages).
struct DraftMappingRoutes {
    let services: ChannelGateServices

    private struct PreviewRequest: Decodable {
        let mapping: String
        let sample: String?
        let traffic: Bool?
    }

    var workbench: MappingWorkbench { services.mappingWorkbench }

    func register(on router: DeclaredRouter) {
        router.post("/v1/mappings/:channel/preview", .admin(.mappings)) { request, context in try await preview(request, context) }
        router.get("/v1/channels/:channel/messages", .admin(.other)) { request, context in try messages(request, context) }
    }

    /// The body is `{"mapping": "<yaml>", "sample": "<payload>", "traffic": true}`; `sample` and `traffic` are optional.
    func preview(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let channel = try MappingRoutes.channel(context)
        guard services.ingest.mappingInUse(tenant: context.tenant, channel: channel) != nil else {
            throw APIError(.notFound, code: "unknown_channel", message: "\(channel) is not a mapped channel", field: "channel")
        }
        let body = try await request.body.collect(upTo: services.configuration.maxBodyBytes)
        let asked: PreviewRequest
        do {
            asked = try JSONDecoder().decode(PreviewRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "send {\"mapping\": \"<yaml>\", \"sample\": \"<payload>\", \"traffic\": true}")
        }
        if case .compileError(let error) = workbench.preview(channel: channel, source: asked.mapping, sample: []) {
            throw MappingPublisher.Failure.invalid(error).apiError(retryAfterSeconds: services.configuration.retryAfterSeconds)
        }
        var parts: [String] = []
        if let sample = asked.sample {
            parts.append("\"sample\":" + Self.json(workbench.preview(channel: channel, source: asked.mapping, sample: Array(sample.utf8))))
        }
        switch workbench.contractResults(tenant: context.tenant, channel: channel, source: asked.mapping) {
        case .success(let results):
            parts.append("\"contractTests\":[" + results.map { result in
                "{\"name\":" + JSONText.quoted(result.name) + ",\"passed\":" + (result.failure == nil ? "true" : "false")
                    + (result.failure.map { ",\"failure\":" + JSONText.quoted($0) } ?? "") + "}"
            }.joined(separator: ",") + "]")
        case .failure(let failure):
            parts.append("\"contractTestsUnavailable\":" + JSONText.quoted("\(failure)"))
        }
        if asked.traffic == true, case .success(let run) = try workbench.runOverTraffic(tenant: context.tenant, channel: channel, source: asked.mapping) {
            parts.append("\"traffic\":" + Self.json(run))
        }
        return .json("{" + parts.joined(separator: ",") + "}")
    }

    /// `?limit=N` (1…200, default 20): newest first, bodies as text.
    func messages(_ request: Request, _ context: GatewayRequestContext) throws -> Response {
        let channel = try MappingRoutes.channel(context)
        let limit = Int(try QueryParameters(request: request).integer("limit", default: 20, range: 1...200))
        let found: [ArchivedMessage]
        do throws(StoreError) {
            found = try services.store.recentMessages(tenant: context.tenant, channel: channel, limit: limit)
        } catch {
            throw error.apiError(retryAfterSeconds: services.configuration.retryAfterSeconds)
        }
        let items = found.map { message -> String in
            let contentType: String = message.contentType.map(JSONText.quoted) ?? "null"
            let body: String = JSONText.quoted(String(decoding: message.body, as: UTF8.self))
            var text = "{\"id\":\(message.id),\"messageKey\":" + JSONText.quoted(message.messageKey)
            text += ",\"receivedAt\":" + JSONText.quoted(message.receivedAt) + ",\"contentType\":" + contentType
            return text + ",\"body\":" + body + "}"
        }
        return .json("{\"messages\":[" + items.joined(separator: ",") + "]}")
    }

    static func json(_ outcome: MappingWorkbench.SampleOutcome) -> String {
        switch outcome {
        case .events(let lines, let skipped):
            return "{\"events\":[" + lines.joined(separator: ",") + "]" + (skipped.map { ",\"skipped\":" + JSONText.quoted($0) } ?? "") + "}"
        case .payloadError(let error):
            return "{\"error\":" + json(error) + "}"
        case .compileError(let error):
            return "{\"compileError\":{\"line\":\(error.line),\"column\":\(error.column),\"message\":" + JSONText.quoted(error.message) + "}}"
        }
    }

    static func json(_ error: PayloadError) -> String {
        "{\"code\":" + JSONText.quoted(error.code) + ",\"field\":" + (error.field.map(JSONText.quoted) ?? "null") + ",\"message\":"
            + JSONText.quoted(error.message) + "}"
    }

    static func json(_ run: MappingWorkbench.TrafficRun) -> String {
        let fixes = run.fixes.map { "{\"deadLetterId\":\($0.letter.id),\"events\":[" + $0.events.joined(separator: ",") + "]}" }
        let failing = run.stillFailing.map { "{\"deadLetterId\":\($0.letter.id),\"error\":" + json($0.error) + "}" }
        let changes = run.changes.map { change in
            "{\"messageId\":\(change.message.id),\"before\":[" + change.before.joined(separator: ",") + "],\"after\":[" + change.after.joined(separator: ",") + "]}"
        }
        let breaks = run.breaks.map { "{\"messageId\":\($0.message.id),\"error\":" + json($0.error) + "}" }
        return "{\"deadLettersRead\":\(run.deadLettersRead),\"messagesRead\":\(run.messagesRead),\"fixes\":[" + fixes.joined(separator: ",")
            + "],\"stillFailing\":[" + failing.joined(separator: ",") + "],\"changes\":[" + changes.joined(separator: ",") + "],\"breaks\":["
            + breaks.joined(separator: ",") + "],\"unchanged\":\(run.unchanged)}"
    }
}
