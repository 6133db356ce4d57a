import CanonicalModel
import Ingest
import Mapping
import Storage
import UseCases

/// Screen 2: the draft mapping beside a sample payload beside the events it makes, with history and publishing.
public struct WorkbenchPage: Sendable {
    /// A payload the sample box can be loaded with.
    public struct SampleChoice: Sendable {
        public let label: String
        public let href: String
        public let current: Bool
    }

    /// One stored version of the mapping.
    public struct Version: Sendable {
        public let version: Int64
        public let active: Bool
        public let author: String
        public let publishedAt: String
    }

    public let channel: String
    public let activeVersion: String
    public let source: String
    public let sample: String
    public let sampleLabel: String
    public let samples: [SampleChoice]
    public let versions: [Version]
    public let mayPublish: Bool
    public let samplesHidden: Bool
    /// The dead letter the page was opened for, carried to keep the sample after a publish.
    public let deadLetter: Int64?
    /// What a publish-and-replay replayed, one line per dead letter.
    public let replayed: [DeadLettersPage.ReplayLine]
    public let hasReplayed: Bool

    /// The workbench for `channel` with `active` as the draft and `sample` in the sample box.
    public init(
        channel: String, active: MappingWorkbench.ActiveSource, sample: (label: String, text: String)?, openDeadLetters: [DeadLetter],
        recentMessages: [ArchivedMessage], versions: [MappingVersionRecord], mayPublish: Bool, samplesHidden: Bool, deadLetter: Int64?,
        replays: [DeadLetterTriage.ReplayReport] = []
    ) {
        replayed = replays.map(DeadLettersPage.ReplayLine.init)
        hasReplayed = !replayed.isEmpty
        self.channel = channel
        activeVersion = active.version
        source = active.source
        self.sample = sample?.text ?? ""
        sampleLabel = sample?.label ?? "paste a payload"
        samples = openDeadLetters.map { letter in
            SampleChoice(
                label: "dead letter \(letter.id) · \(letter.errorCode)", href: "/console/mappings/\(channel)?deadLetter=\(letter.id)",
                current: deadLetter == letter.id
            )
        } + recentMessages.map { message in
            SampleChoice(label: "message \(message.id) · \(message.receivedAt)", href: "/console/mappings/\(channel)?message=\(message.id)", current: false)
        }
        self.versions = versions.map { Version(version: $0.version, active: $0.active, author: $0.author, publishedAt: $0.publishedAt) }
        self.mayPublish = mayPublish
        self.samplesHidden = samplesHidden
        self.deadLetter = deadLetter
    }
}

/// The result of checking a draft: its contract tests, its diff against the active version, and its run over traffic.
public struct DraftCheckView: Sendable {
    /// One contract test.
    public struct ContractCase: Sendable {
        public let name: String
        public let passed: Bool
        public let failure: String?
    }

    /// One dead letter or message and what the draft does to it.
    public struct Item: Sendable {
        public let id: Int64
        public let label: String
        public let detail: String?
        public let diffHTML: String?
        public let href: String?
    }

    public let compileError: String?
    public let compileWhere: String?
    public let contractProblem: String?
    public let contract: [ContractCase]
    public let contractPassed: Int
    public let contractFailed: Int
    public let diffHTML: String
    public let fixes: [Item]
    public let fixCount: Int
    public let stillFailing: [Item]
    public let changes: [Item]
    public let breaks: [Item]
    public let unchanged: Int
    public let deadLettersRead: Int
    public let messagesRead: Int
    public let ran: Bool

    /// The view of a draft check; `contract` fails with the reason no test ran, `traffic` with the compile error; event
    /// contents (personal data) are shown only when `showContents`.
    public init(
        activeSource: String?, draft: String, contract: Result<[ContractTestRunner.CaseResult], MappingPublisher.Failure>,
        traffic: Result<MappingWorkbench.TrafficRun, MappingError>, showContents: Bool
    ) {
        diffHTML = DiffView.html(from: activeSource, to: draft)
        switch contract {
        case .success(let cases):
            self.contract = cases.map { ContractCase(name: $0.name, passed: $0.failure == nil, failure: $0.failure) }
            contractProblem = nil
        case .failure(let problem):
            self.contract = []
            contractProblem = Self.describe(problem)
        }
        contractPassed = self.contract.filter(\.passed).count
        contractFailed = self.contract.count - contractPassed
        switch traffic {
        case .success(let run):
            compileError = nil
            compileWhere = nil
            fixes = run.fixes.map { fix in
                Item(id: fix.letter.id, label: "dead letter \(fix.letter.id) (\(fix.letter.errorCode))", detail: "\(fix.events.count) event(s)", diffHTML: nil,
                     href: "/console/dead-letters/\(fix.letter.id)")
            }
            stillFailing = run.stillFailing.map { item in
                Item(id: item.letter.id, label: "dead letter \(item.letter.id)", detail: Self.describe(item.error), diffHTML: nil, href: "/console/dead-letters/\(item.letter.id)")
            }
            changes = run.changes.map { change in
                Item(
                    id: change.message.id, label: "message \(change.message.id) · \(change.message.messageKey)", detail: nil,
                    diffHTML: showContents ? DiffView.html(from: Self.pretty(change.before), to: Self.pretty(change.after) ?? "") : nil, href: nil
                )
            }
            breaks = run.breaks.map { item in
                Item(id: item.message.id, label: "message \(item.message.id) · \(item.message.messageKey)", detail: Self.describe(item.error), diffHTML: nil, href: nil)
            }
            unchanged = run.unchanged
            fixCount = run.fixes.count
            deadLettersRead = run.deadLettersRead
            messagesRead = run.messagesRead
            ran = true
        case .failure(let problem):
            compileError = problem.message
            compileWhere = "\(problem.file):\(problem.line):\(problem.column)"
            fixes = []
            stillFailing = []
            changes = []
            breaks = []
            fixCount = 0
            unchanged = 0
            deadLettersRead = 0
            messagesRead = 0
            ran = false
        }
    }

    static func describe(_ error: PayloadError) -> String {
        error.field.map { "\(error.code) at \($0): \(error.message)" } ?? "\(error.code): \(error.message)"
    }

    /// Why a publish or check did not happen, in one line.
    public static func describe(_ failure: MappingPublisher.Failure) -> String {
        switch failure {
        case .invalid(let error): "\(error.file):\(error.line):\(error.column): \(error.message)"
        case .wrongChannel(let expected, let found): "the mapping is for channel \(found), not \(expected)"
        case .unknownChannel(let channel): "\(channel) is not a mapped channel"
        case .noContractTests(let channel): "\(channel) has no contract tests"
        case .contractTestsFailed(let failures): failures.joined(separator: "; ")
        case .invalidChannelName(let channel): "\(channel) is not a valid channel name"
        case .store(let error): error.message
        }
    }

    /// Event lines pretty-printed one after another, so a diff shows the fields that changed.
    static func pretty(_ lines: [String]) -> String? {
        guard !lines.isEmpty else { return nil }
        return lines.map { line in
            (try? JSONReader().parse(Array(line.utf8))).map(SampleOutcomeView.pretty) ?? line
        }.joined(separator: "\n")
    }
}
