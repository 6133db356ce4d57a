import Access
import Console
import Foundation
import Ingest
import Mapping
import Storage
import UseCases

/// The console's mapping screens: the list of mapped channels and each channel's workbench.
struct ConsoleWorkbenchRoutes {
    let services: ChannelGateServices

    /// The largest draft the workbench takes.
    static let maxDraftBytes = 256 << 10

    var workbench: MappingWorkbench { services.mappingWorkbench }

    func register(on console: ConsoleRouter) {
        console.get("/console/mappings", scope: AccessScope.ordersRead) { call in
            let tenant = call.session.tenant
            let rows = services.ingest.channelDefinitions(tenant: tenant).compactMap { channel -> (channel: String, format: String, version: String)? in
                guard let active = services.ingest.mappingInUse(tenant: tenant, channel: channel.name) else { return nil }
                return (channel.name, active.mapping.format.rawValue, active.version)
            }
            return .page("mappings", MappingsPage(rows: rows), title: "Mappings", section: .mappings)
        }
        console.get("/console/mappings/:channel", scope: AccessScope.ordersRead) { call in
            .page("workbench", try page(call), title: "Workbench · \(call.parameter("channel"))", section: .mappings)
        }
        console.post("/console/mappings/:channel/preview", scope: AccessScope.ordersRead) { call in
            let draft = try draft(call)
            return .fragment("sample-outcome", SampleOutcomeView(workbench.preview(channel: try channel(call), source: draft, sample: Array((call.form["sample"] ?? "").utf8))))
        }
        console.post("/console/mappings/:channel/check", scope: AccessScope.ordersRead) { call in
            let channel = try channel(call)
            let draft = try draft(call)
            let tenant = call.session.tenant
            let active = try workbench.activeSource(tenant: tenant, channel: channel)
            let traffic = try workbench.runOverTraffic(tenant: tenant, channel: channel, source: draft)
            let view = DraftCheckView(
                activeSource: active?.source, draft: draft, contract: workbench.contractResults(tenant: tenant, channel: channel, source: draft),
                traffic: traffic, showContents: call.session.allows(AccessScope.piiRead)
            )
            return .fragment("draft-check", view)
        }
        console.post("/console/mappings/:channel/publish", scope: AccessScope.admin) { call in
            let channel = try channel(call)
            let draft = try draft(call)
            switch await Self.attempt({ () async throws(MappingPublisher.Failure) in
                try await services.publisher.publish(tenant: call.session.tenant, channel: channel, source: draft, author: call.session.clientId)
            }) {
            case .success(let published):
                return .page(
                    "workbench", try page(call), title: "Workbench · \(channel)", section: .mappings,
                    ok: "Published \(channel)@v\(published.record.version) (\(published.contractTestsPassed) contract tests passed)."
                )
            case .failure(let error):
                return .page(
                    "workbench", try page(call, draft: draft), title: "Workbench · \(channel)", section: .mappings,
                    error: "Not published: \(DraftCheckView.describe(error))", status: .unprocessableContent
                )
            }
        }
        console.post("/console/mappings/:channel/publish-and-replay", scope: AccessScope.admin) { call in
            let channel = try channel(call)
            let draft = try draft(call)
            switch await Self.attempt({ () async throws(MappingPublisher.Failure) in
                try await workbench.publishAndReplay(tenant: call.session.tenant, channel: channel, source: draft, actor: call.session.clientId)
            }) {
            case .success(let done):
                let replayed = done.replays.filter { $0.failure == nil }.count
                return .page(
                    "workbench", try page(call, replays: done.replays), title: "Workbench · \(channel)", section: .mappings,
                    ok: "Published \(channel)@v\(done.published.record.version) and replayed \(replayed) of \(done.replays.count) dead letters it maps."
                )
            case .failure(let error):
                return .page(
                    "workbench", try page(call, draft: draft), title: "Workbench · \(channel)", section: .mappings,
                    error: "Not published, nothing replayed: \(DraftCheckView.describe(error))", status: .unprocessableContent
                )
            }
        }
        console.post("/console/mappings/:channel/rollback", scope: AccessScope.admin) { call in
            let channel = try channel(call)
            guard let version = call.form["version"].flatMap(Int64.init), version > 0 else {
                throw ConsoleFailure(status: .unprocessableContent, code: "invalid_field", message: "version is a positive integer")
            }
            switch await Self.attempt({ () async throws(MappingPublisher.Failure) in
                try await services.publisher.rollback(tenant: call.session.tenant, channel: channel, to: version, author: call.session.clientId)
            }) {
            case .success(let record):
                return .page("workbench", try page(call), title: "Workbench · \(channel)", section: .mappings, ok: "\(channel)@v\(record.version) is active again.")
            case .failure(let error):
                return .page(
                    "workbench", try page(call), title: "Workbench · \(channel)", section: .mappings, error: "Not rolled back: \(DraftCheckView.describe(error))",
                    status: .unprocessableContent
                )
            }
        }
    }

    /// The outcome of a publisher call as a value, so the page can be rendered either way.
    static func attempt<Value>(_ body: () async throws(MappingPublisher.Failure) -> Value) async -> Result<Value, MappingPublisher.Failure> {
        do throws(MappingPublisher.Failure) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    func channel(_ call: ConsoleCall) throws -> String {
        let channel = call.parameter("channel")
        guard services.ingest.mappingInUse(tenant: call.session.tenant, channel: channel) != nil else {
            throw ConsoleFailure(status: .notFound, code: "unknown_channel", message: "\(channel) is not a mapped channel")
        }
        return channel
    }

    /// The draft of the form, refused with 413 `draft_too_large` beyond ``maxDraftBytes``; a browser submits a text
    /// area's lines ending in CR LF, the mapping files end them in LF.
    func draft(_ call: ConsoleCall) throws -> String {
        let source = (call.form["source"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        guard source.utf8.count <= Self.maxDraftBytes else {
            throw ConsoleFailure(status: .contentTooLarge, code: "draft_too_large", message: "a draft is at most \(Self.maxDraftBytes) bytes; this one has \(source.utf8.count)")
        }
        return source
    }

    /// The workbench of the call's channel, with `draft` (else the active text) and the sample its query names.
    func page(_ call: ConsoleCall, draft: String? = nil, replays: [DeadLetterTriage.ReplayReport] = []) throws -> WorkbenchPage {
        let channel = try channel(call)
        let tenant = call.session.tenant
        guard let active = try workbench.activeSource(tenant: tenant, channel: channel) else {
            throw ConsoleFailure(status: .notFound, code: "unknown_channel", message: "\(channel) has no mapping text")
        }
        let showPayloads = call.session.allows(AccessScope.piiRead)
        let letters = showPayloads
            ? try services.store.deadLetters(tenant: tenant, matching: DeadLetterFilter(status: .open, channel: channel), after: 0, limit: 20) : []
        let messages = showPayloads ? try services.store.recentMessages(tenant: tenant, channel: channel, limit: 10) : []
        var sample: (label: String, text: String)?
        let deadLetter = try call.query.integer("deadLetter", default: 0, range: 0...Int64.max)
        let messageId = try call.query.integer("message", default: 0, range: 0...Int64.max)
        if showPayloads, deadLetter > 0, let letter = try services.store.deadLetter(tenant: tenant, id: deadLetter), letter.channel == channel {
            sample = ("dead letter \(letter.id)", String(decoding: letter.body, as: UTF8.self))
        } else if showPayloads, messageId > 0, let message = messages.first(where: { $0.id == messageId }) {
            sample = ("message \(message.id)", String(decoding: message.body, as: UTF8.self))
        } else if let letter = letters.first {
            sample = ("dead letter \(letter.id)", String(decoding: letter.body, as: UTF8.self))
        } else if let message = messages.first {
            sample = ("message \(message.id)", String(decoding: message.body, as: UTF8.self))
        }
        let source = draft.map { MappingWorkbench.ActiveSource(source: $0, version: active.version) } ?? active
        return WorkbenchPage(
            channel: channel, active: source, sample: sample, openDeadLetters: letters, recentMessages: messages,
            versions: try services.store.mappingVersions(tenant: tenant, channel: channel), mayPublish: call.session.allows(AccessScope.admin),
            samplesHidden: !showPayloads, deadLetter: deadLetter > 0 ? deadLetter : nil, replays: replays
        )
    }
}
