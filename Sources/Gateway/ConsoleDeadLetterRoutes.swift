import Access
import CanonicalModel
import Console
import Foundation
import Storage
import UseCases

/// The console's dead-letter screens: filtered list, one dead letter, dry run, replay, replay of all that match.
struct ConsoleDeadLetterRoutes {
    let services: ChannelGateServices

    static let pageSize = 50

    var triage: DeadLetterTriage { services.deadLetterTriage }

    func register(on console: ConsoleRouter) {
        console.get("/console/dead-letters", scope: AccessScope.ordersRead) { call in
            .page("dead-letters", try list(call), title: "Dead letters", section: .deadLetters)
        }
        console.get("/console/dead-letters/:id", scope: AccessScope.ordersRead) { call in
            let letter = try find(call)
            return .page("dead-letter", page(letter, call), title: "Dead letter \(letter.id)", section: .deadLetters)
        }
        console.post("/console/dead-letters/:id/dry-run", scope: AccessScope.ordersRead) { call in
            let letter = try find(call)
            let edited = Self.edit(call, of: letter)
            guard edited != nil || call.session.allows(AccessScope.piiRead) else {
                throw ConsoleFailure(status: .forbidden, code: "insufficient_scope", message: "a dry run of the stored payload needs pii:read")
            }
            let outcome = triage.dryRun(tenant: call.session.tenant, letter: letter, body: edited)
            let note = (edited == nil ? "The stored payload" : "Your edit") + " with the active mapping; nothing was stored."
            return .fragment("sample-outcome", SampleOutcomeView(outcome, note: note))
        }
        console.post("/console/dead-letters/:id/replay", scope: AccessScope.admin) { call in
            let letter = try find(call)
            let edited = Self.edit(call, of: letter)
            let report = await triage.replay(tenant: call.session.tenant, id: letter.id, replacement: edited, actor: call.session.clientId)
            let after = try find(call)
            if let failure = report.failure {
                return .page("dead-letter", page(after, call), title: "Dead letter \(letter.id)", section: .deadLetters, error: "Replay failed: \(failure)", status: .unprocessableContent)
            }
            let orders = report.orderIds.map { "/console/orders/" + $0 }.joined(separator: ", ")
            return .page("dead-letter", page(after, call), title: "Dead letter \(letter.id)", section: .deadLetters, ok: "Replayed: \(orders)")
        }
        console.post("/console/dead-letters/replay-matching", scope: AccessScope.admin) { call in
            let after = try call.query.integer("after", default: 0, range: 0...Int64.max)
            let (reports, next) = try await triage.replayMatching(
                tenant: call.session.tenant, filter: DeadLettersPage.storeFilter(Self.formFilter(call)), after: after, limit: 200,
                actor: call.session.clientId
            )
            try await services.store.audit(
                AuditEntry(
                    tenant: call.session.tenant, actor: call.session.clientId, action: "dead_letter.replay_matching", target: call.request.uri.query ?? "",
                    before: nil, after: "{\"replayed\":\(reports.filter { $0.failure == nil }.count),\"failed\":\(reports.filter { $0.failure != nil }.count)}",
                    at: Timestamp.format(Date())
                )
            )
            return .page("dead-letters", try list(call, replays: reports, replayNext: next), title: "Dead letters", section: .deadLetters)
        }
    }

    /// The body the form sent when it differs from the stored payload; nil means "the stored bytes".
    static func edit(_ call: ConsoleCall, of letter: DeadLetter) -> [UInt8]? {
        guard let body = call.form["body"], !body.isEmpty, body != String(decoding: letter.body, as: UTF8.self) else { return nil }
        return Array(body.utf8)
    }

    static func formFilter(_ call: ConsoleCall) -> DeadLettersPage.Filter {
        let query = call.query
        return DeadLettersPage.Filter(
            channel: query.string("channel") ?? "", code: query.string("code") ?? "", field: query.string("field") ?? "",
            age: query.string("age") ?? "", status: query.string("status") ?? "open"
        )
    }

    func list(_ call: ConsoleCall, replays: [DeadLetterTriage.ReplayReport] = [], replayNext: Int64? = nil) throws -> DeadLettersPage {
        let filter = Self.formFilter(call)
        let after = replays.isEmpty ? try call.query.integer("after", default: 0, range: 0...Int64.max) : 0
        let letters = try services.store.deadLetters(
            tenant: call.session.tenant,
            matching: DeadLettersPage.storeFilter(filter),
            after: after, limit: Self.pageSize
        )
        return DeadLettersPage(
            filter: filter, channelNames: services.ingest.channelDefinitions(tenant: call.session.tenant).map(\.name), letters: letters,
            pageSize: Self.pageSize, mayReplay: call.session.allows(AccessScope.admin), replays: replays, replayNext: replayNext
        )
    }

    func find(_ call: ConsoleCall) throws -> DeadLetter {
        guard let id = Int64(call.parameter("id")), id > 0 else {
            throw ConsoleFailure(status: .notFound, code: "not_found", message: "dead letter ids are positive integers")
        }
        guard let letter = try services.store.deadLetter(tenant: call.session.tenant, id: id) else {
            throw ConsoleFailure(status: .notFound, code: "not_found", message: "no dead letter \(id)")
        }
        return letter
    }

    func page(_ letter: DeadLetter, _ call: ConsoleCall) -> DeadLetterPage {
        DeadLetterPage(
            letter: letter, showPayload: call.session.allows(AccessScope.piiRead),
            mapped: services.ingest.mappingInUse(tenant: call.session.tenant, channel: letter.channel) != nil,
            mayReplay: call.session.allows(AccessScope.admin)
        )
    }
}
