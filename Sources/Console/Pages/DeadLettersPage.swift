import Foundation
import Storage
import UseCases

/// Screen 1: the dead letters that match a filter, a page at a time, and the bulk replay of all that match.
public struct DeadLettersPage: Sendable {
    /// The filter as the form shows it.
    public struct Filter: Sendable {
        public let channel: String
        public let code: String
        public let field: String
        public let age: String
        public let status: String

        /// Creates a Filter from the form's values.
        public init(channel: String, code: String, field: String, age: String, status: String) {
            self.channel = channel
            self.code = code
            self.field = field
            self.age = age
            self.status = status
        }
    }

    /// One option of a `<select>`.
    public struct Option: Sendable {
        public let value: String
        public let label: String
        public let selected: Bool
    }

    /// One dead letter's row.
    public struct Row: Sendable {
        public let id: Int64
        public let channel: String
        public let code: String
        public let field: String?
        public let message: String
        public let receivedAt: String
        public let replayCount: Int64
        public let status: String
        public let href: String
    }

    /// One line of a bulk replay's report.
    public struct ReplayLine: Sendable {
        public let id: Int64
        public let ok: Bool
        public let outcome: String
        public let orderHref: String?

        /// The line for one replay's report.
        public init(_ report: DeadLetterTriage.ReplayReport) {
            id = report.deadLetterId
            ok = report.failure == nil
            outcome = report.failure ?? "replayed: \(report.orderIds.count) order(s)"
            orderHref = report.orderIds.first.map { "/console/orders/" + $0 }
        }
    }

    public let filter: Filter
    public let channels: [Option]
    public let ages: [Option]
    public let statuses: [Option]
    public let rows: [Row]
    public let nextHref: String?
    /// The query string of the filter, for the bulk replay form.
    public let query: String
    public let replayed: [ReplayLine]
    public let replaySummary: String?
    /// Where a stopped bulk replay continues, when more may match.
    public let replayNext: Int64?
    public let mayReplay: Bool

    /// The ages the filter offers, by their form value.
    public static let ageChoices: [(value: String, label: String, seconds: Double?, newer: Bool)] = [
        ("", "any age", nil, true), ("1h", "last hour", 3600, true), ("24h", "last 24 hours", 86_400, true), ("7d", "last 7 days", 604_800, true),
        ("older7d", "older than 7 days", 604_800, false),
    ]

    /// The store filter for the form's values.
    public static func storeFilter(_ form: Filter, now: Date = Date()) -> DeadLetterFilter {
        var filter = DeadLetterFilter(
            status: form.status == "all" ? nil : DeadLetterStatus(rawValue: form.status) ?? .open, channel: form.channel.isEmpty ? nil : form.channel,
            errorCode: form.code.isEmpty ? nil : form.code, errorField: form.field.isEmpty ? nil : form.field
        )
        if let choice = ageChoices.first(where: { $0.value == form.age }), let seconds = choice.seconds {
            if choice.newer { filter.receivedFrom = now.addingTimeInterval(-seconds) } else { filter.receivedBefore = now.addingTimeInterval(-seconds) }
        }
        return filter
    }

    /// The page for `letters` listed under `filter`; `pageSize` tells whether a next page may exist.
    public init(
        filter: Filter, channelNames: [String], letters: [DeadLetter], pageSize: Int, mayReplay: Bool,
        replays: [DeadLetterTriage.ReplayReport] = [], replayNext: Int64? = nil
    ) {
        self.filter = filter
        channels = [Option(value: "", label: "all channels", selected: filter.channel.isEmpty)]
            + channelNames.map { Option(value: $0, label: $0, selected: $0 == filter.channel) }
        ages = Self.ageChoices.map { Option(value: $0.value, label: $0.label, selected: $0.value == filter.age) }
        statuses = [("open", "open"), ("replayed", "replayed"), ("all", "all")].map { Option(value: $0.0, label: $0.1, selected: $0.0 == filter.status) }
        rows = letters.map { letter in
            Row(
                id: letter.id, channel: letter.channel, code: letter.errorCode, field: letter.errorField,
                message: letter.errorMessage.count > 140 ? String(letter.errorMessage.prefix(140)) + "…" : letter.errorMessage,
                receivedAt: letter.receivedAt, replayCount: letter.replayCount, status: letter.status.rawValue,
                href: "/console/dead-letters/\(letter.id)"
            )
        }
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "channel", value: filter.channel), URLQueryItem(name: "code", value: filter.code),
            URLQueryItem(name: "field", value: filter.field), URLQueryItem(name: "age", value: filter.age),
            URLQueryItem(name: "status", value: filter.status),
        ]
        let query = components.percentEncodedQuery ?? ""
        self.query = query
        nextHref = letters.count == pageSize ? letters.last.map { "/console/dead-letters?\(query)&after=\($0.id)" } : nil
        replayed = replays.map(ReplayLine.init)
        let succeeded = replays.filter { $0.failure == nil }.count
        replaySummary = replays.isEmpty ? nil : "\(succeeded) of \(replays.count) replayed, \(replays.count - succeeded) failed again"
        self.replayNext = replayNext
        self.mayReplay = mayReplay
    }
}
