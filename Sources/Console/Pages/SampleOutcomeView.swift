import CanonicalModel
import Mapping
import UseCases

/// What a mapping makes of one payload, as the preview, dry-run and replay panes show it.
public struct SampleOutcomeView: Sendable {
    /// One canonical event, pretty-printed.
    public struct Event: Sendable {
        public let type: String
        public let text: String
    }

    public let events: [Event]
    public let hasEvents: Bool
    public let skipped: String?
    public let compileError: String?
    public let compileWhere: String?
    public let payloadError: String?
    public let payloadWhere: String?
    public let payloadCode: String?
    public let note: String?

    /// The view of `outcome`.
    public init(_ outcome: MappingWorkbench.SampleOutcome, note: String? = nil) {
        var events: [Event] = []
        var skipped: String?
        var compileError: String?
        var compileWhere: String?
        var payloadError: String?
        var payloadWhere: String?
        var payloadCode: String?
        switch outcome {
        case .events(let lines, let reason):
            events = lines.map { line in
                let value = try? JSONReader().parse(Array(line.utf8))
                return Event(type: value?["type"]?.scalarText ?? "event", text: value.map(Self.pretty) ?? line)
            }
            skipped = events.isEmpty ? reason ?? "the mapping produced no event" : nil
        case .compileError(let error):
            compileError = error.message
            compileWhere = "\(error.file):\(error.line):\(error.column)"
        case .payloadError(let error):
            payloadError = error.message
            payloadCode = error.code
            payloadWhere = error.field
        }
        self.events = events
        hasEvents = !events.isEmpty
        self.skipped = skipped
        self.compileError = compileError
        self.compileWhere = compileWhere
        self.payloadError = payloadError
        self.payloadWhere = payloadWhere
        self.payloadCode = payloadCode
        self.note = note
    }

    /// A JSON value indented two spaces per level, keys sorted.
    static func pretty(_ value: JSONValue) -> String { PayloadView.text(value) }
}
