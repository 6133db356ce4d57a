import Access
import UseCases
import Foundation
import HTTPTypes
import Hummingbird
import Ingest
import Mapping
import Storage

/// `/v1/mappings`: the active mapping versions, their history, publishing and rollback, per tenant.
struct MappingRoutes {
    let ingest: IngestService
    let publisher: MappingPublisher
    let configuration: GatewayConfiguration

    func register(on router: DeclaredRouter) {
        router.get("/v1/mappings", .read(.mappings)) { _, context in try list(context) }
        router.get("/v1/mappings/:channel/versions", .read(.mappings)) { _, context in try versions(context) }
        router.post("/v1/mappings/:channel", .admin(.mappings)) { request, context in try await publish(request, context: context) }
        router.post("/v1/mappings/:channel/rollback", .admin(.mappings)) { request, context in try await rollback(request, context: context) }
    }

    func list(_ context: GatewayRequestContext) throws -> Response {
        let published: [MappingVersionRecord]
        do throws(StoreError) {
            published = try ingest.store.activeMappings(tenant: context.tenant)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        let items = ingest.channelDefinitions(tenant: context.tenant).compactMap { channel -> String? in
            guard let mapping = channel.mapping else { return nil }
            let version = published.first { $0.channel == channel.name }.map { "\(channel.name)@v\($0.version)" }
                ?? channel.shippedMappingVersion ?? channel.name
            return "{\"channel\":" + JSONText.quoted(channel.name) + ",\"format\":" + JSONText.quoted(mapping.format.rawValue)
                + ",\"activeVersion\":" + JSONText.quoted(version) + ",\"onInvalid\":" + JSONText.quoted(channel.onInvalid.rawValue) + "}"
        }
        return .json("{\"mappings\":[" + items.joined(separator: ",") + "]}")
    }

    func versions(_ context: GatewayRequestContext) throws -> Response {
        let channel = try Self.channel(context)
        let records: [MappingVersionRecord]
        do throws(StoreError) {
            records = try ingest.store.mappingVersions(tenant: context.tenant, channel: channel)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        guard !records.isEmpty || ingest.channel(named: channel) != nil else {
            throw APIError(.notFound, code: "unknown_channel", message: "no channel named \(channel) is configured or published", field: "channel")
        }
        return .json("{\"versions\":[" + records.map(Self.json).joined(separator: ",") + "]}")
    }

    /// The body is the mapping YAML, or `{"mapping": "<yaml>", "contractTests": [...]}` as JSON; `X-Author` names who
    /// publishes it. A channel that does not exist yet is created.
    func publish(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let channel = try Self.channel(context)
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        let submission = try MappingSubmission(
            body: Array(buffer.readableBytesView), isJSON: request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        )
        do throws(MappingPublisher.Failure) {
            let published = try await publisher.publish(
                tenant: context.tenant, channel: channel, source: submission.source, author: Self.author(request), contractTests: submission.contractTests
            )
            context.logger.notice(
                "mapping published",
                metadata: ["channel": "\(channel)", "version": "\(published.record.version)", "created_channel": "\(published.createdChannel)"]
            )
            let text = Self.json(published.record).dropLast() + ",\"createdChannel\":" + (published.createdChannel ? "true" : "false")
                + ",\"contractTestsPassed\":" + String(published.contractTestsPassed) + "}"
            return .json(String(text), status: .created)
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }

    /// The body is `{"version": N}`.
    func rollback(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let channel = try Self.channel(context)
        let buffer = try await request.body.collect(upTo: 4096)
        guard let document = try? JSONReader().parse(Array(buffer.readableBytesView)), let text = document["version"]?.scalarText,
              let version = Int64(text), version > 0
        else { throw APIError(.badRequest, code: "invalid_parameter", message: "send {\"version\": N}", field: "version") }
        do throws(MappingPublisher.Failure) {
            let record = try await publisher.rollback(tenant: context.tenant, channel: channel, to: version, author: Self.author(request))
            context.logger.notice("mapping rolled back", metadata: ["channel": "\(channel)", "version": "\(version)"])
            return .json(Self.json(record))
        } catch {
            throw error.apiError(retryAfterSeconds: configuration.retryAfterSeconds)
        }
    }

    static func channel(_ context: GatewayRequestContext) throws -> String {
        guard let channel = context.parameters.get("channel"), ChannelDefinition.isValidName(channel) else {
            throw APIError(.notFound, code: "unknown_channel", message: "channel names are lower-case letters, digits, - or _", field: "channel")
        }
        return channel
    }

    static func author(_ request: Request) -> String {
        let offered = request.headers[HTTPField.Name("X-Author")!] ?? ""
        return offered.isEmpty ? "anonymous" : String(offered.prefix(128))
    }

    static func json(_ record: MappingVersionRecord) -> String {
        "{\"channel\":" + JSONText.quoted(record.channel) + ",\"version\":" + String(record.version) + ",\"active\":"
            + (record.active ? "true" : "false") + ",\"author\":" + JSONText.quoted(record.author) + ",\"publishedAt\":"
            + JSONText.quoted(record.publishedAt) + ",\"diff\":" + JSONText.quoted(record.diff) + ",\"source\":"
            + JSONText.quoted(record.source) + "}"
    }
}

extension MappingPublisher.Failure {
    /// The HTTP answer: 422 for a mapping that does not compile or fails its contract tests, 404 for no such channel.
    func apiError(retryAfterSeconds: Int) -> APIError {
        switch self {
        case .invalid(let error):
            return APIError(.unprocessableContent, code: "mapping_invalid", message: error.description, field: "line \(error.line), column \(error.column)")
        case .wrongChannel(let expected, let found):
            return APIError(.unprocessableContent, code: "mapping_invalid", message: "the mapping is for channel \(found), not \(expected)", field: "channel")
        case .unknownChannel(let channel):
            return APIError(.notFound, code: "unknown_channel", message: "\(channel) is not a mapped channel", field: "channel")
        case .noContractTests(let channel):
            return APIError(
                .unprocessableContent, code: "no_contract_tests",
                message: "\(channel) has no contract tests: send them with the mapping ({\"mapping\": …, \"contractTests\": [...]}) or add contract-tests/\(channel)",
                field: "contractTests"
            )
        case .invalidChannelName(let channel):
            return APIError(.notFound, code: "unknown_channel", message: "\(channel): channel names are lower-case letters, digits, - or _", field: "channel")
        case .contractTestsFailed(let failures):
            return APIError(.unprocessableContent, code: "contract_tests_failed", message: failures.joined(separator: "; "))
        case .store(let error):
            return error.apiError(retryAfterSeconds: retryAfterSeconds)
        }
    }
}
