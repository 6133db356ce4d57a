import Storage

/// Screen 1, one dead letter: its error beside its stored payload with the failing path marked, a dry run, a replay.
public struct DeadLetterPage: Sendable {
    public let id: Int64
    public let channel: String
    public let messageKey: String
    public let receivedAt: String
    public let contentType: String
    public let code: String
    public let field: String?
    public let message: String
    public let status: String
    public let isOpen: Bool
    public let replayCount: Int64
    /// The payload as escaped HTML with the fault marked; nil when the session may not see personal data.
    public let payloadHTML: String?
    /// The payload as text for the edit box; nil with `payloadHTML`.
    public let payloadText: String?
    public let workbenchHref: String?
    public let mayReplay: Bool

    /// The page of `letter`; its bytes are shown only when `showPayload`.
    public init(letter: DeadLetter, showPayload: Bool, mapped: Bool, mayReplay: Bool) {
        id = letter.id
        channel = letter.channel
        messageKey = letter.messageKey
        receivedAt = letter.receivedAt
        contentType = letter.contentType ?? "unknown"
        code = letter.errorCode
        field = letter.errorField
        message = letter.errorMessage
        status = letter.status.rawValue
        isOpen = letter.status == .open
        replayCount = letter.replayCount
        payloadHTML = showPayload ? PayloadView.html(letter.body, faultPath: Self.payloadPath(in: letter.errorMessage) ?? letter.errorField) : nil
        payloadText = showPayload ? String(decoding: letter.body, as: UTF8.self) : nil
        workbenchHref = mapped ? "/console/mappings/\(letter.channel)?deadLetter=\(letter.id)" : nil
        self.mayReplay = mayReplay
    }

    /// The payload path a mapping error names (`… payload path $.order.status)`), which the error field (a canonical
    /// path) is not.
    static func payloadPath(in message: String) -> String? {
        guard let range = message.range(of: "payload path ") else { return nil }
        let path = message[range.upperBound...].prefix { !($0 == ")" || $0 == "," || $0 == ";" || $0.isWhitespace) }
        return path.isEmpty ? nil : String(path)
    }
}
