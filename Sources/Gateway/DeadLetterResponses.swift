import Foundation
import Storage

/// One dead letter as the API shows it: the message, its error and its stored body (text, or base64 when not UTF-8).
struct DeadLetterResponse: Encodable {
    let letter: DeadLetter

    private enum Key: String, CodingKey {
        case id, channel, messageKey, receivedAt, contentType, status, replayCount, error, body, bodyBase64
    }
    private enum ErrorKey: String, CodingKey { case code, message, field }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(letter.id, forKey: .id)
        try container.encode(letter.channel, forKey: .channel)
        try container.encode(letter.messageKey, forKey: .messageKey)
        try container.encode(letter.receivedAt, forKey: .receivedAt)
        try container.encode(letter.contentType, forKey: .contentType)
        try container.encode(letter.status, forKey: .status)
        try container.encode(letter.replayCount, forKey: .replayCount)
        var error = container.nestedContainer(keyedBy: ErrorKey.self, forKey: .error)
        try error.encode(letter.errorCode, forKey: .code)
        try error.encode(letter.errorMessage, forKey: .message)
        try error.encode(letter.errorField, forKey: .field)
        if let body = String(validating: letter.body, as: UTF8.self) {
            try container.encode(body, forKey: .body)
        } else {
            try container.encode(Data(letter.body).base64EncodedString(), forKey: .bodyBase64)
        }
    }
}

/// One page of dead letters and the cursor of the next.
struct DeadLetterListResponse: Encodable {
    let deadLetters: [DeadLetterResponse]
    /// The `after` value of the next page, nil on the last page.
    let next: String?

    private enum Key: String, CodingKey { case deadLetters, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(deadLetters, forKey: .deadLetters)
        try container.encode(next, forKey: .next)
    }
}
