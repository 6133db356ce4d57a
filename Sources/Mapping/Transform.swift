import Foundation

/// One step applied to a value's text, in the order the mapping lists them.
enum Transform: Sendable {
    case trim
    case upper
    case lower
    /// The first capture group of the first match (or the whole match when the pattern has no group).
    case regex(RegexBox)
    /// Splits on `separator` and keeps the part at `index` (negative counts from the end).
    case split(separator: String, index: Int)
    case replace(from: String, to: String)
    case prefix(String)
    case suffix(String)
    /// Decimal arithmetic on the value, never floating point.
    case multiply(ExactDecimal)
    case divide(ExactDecimal)
    case add(ExactDecimal)
    /// Rounds to `places` decimals (nil: the minor unit of the currency in scope) by an explicit rule (channels send
    /// 4 decimals; prices net of tax come out sub-cent).
    case round(places: Int?, mode: RoundingRule)

    /// How ``Transform/round(places:mode:)`` rounds.
    enum RoundingRule: String, Sendable, CaseIterable {
        /// To nearest, ties to even (banker's rounding).
        case halfEven = "half_even"
        /// To nearest, ties away from zero (commercial rounding).
        case halfUp = "half_up"
        /// To nearest, ties towards zero.
        case halfDown = "half_down"
        /// Away from zero.
        case up
        /// Towards zero (truncation).
        case down

    }

    /// The error code when the step finds nothing in a present value.
    var failureCode: String {
        switch self {
        case .multiply, .divide, .add, .round: "invalid_type"
        default: "invalid_value"
        }
    }

    /// What went wrong when the step finds nothing, after the quoted value.
    var failureDescription: String {
        switch self {
        case .regex(let box): "does not match the regular expression \(box.expression.pattern)"
        case .split(let separator, let index): "has no part \(index) when split on \"\(separator)\""
        case .round(nil, _): "is not a number to round, or no order currency is in scope to round to"
        default: "is not a number to calculate with"
        }
    }

    /// The transformed text, or nil when the step finds nothing (no match, no such part, not a number); rounding to
    /// the currency uses `currencyExponent`.
    func apply(_ text: String, currencyExponent: Int? = nil) -> String? {
        switch self {
        case .trim:
            // Most values have nothing to trim: answer them without Foundation's character-set scan.
            if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .upper: return text.uppercased()
        case .lower: return text.lowercased()
        case .regex(let box): return box.firstMatch(in: text)
        case .split(let separator, let index):
            let parts = text.components(separatedBy: separator)
            let resolved = index < 0 ? parts.count + index : index
            return parts.indices.contains(resolved) ? parts[resolved] : nil
        case .replace(let from, let to): return text.replacingOccurrences(of: from, with: to)
        case .prefix(let prefix): return prefix + text
        case .suffix(let suffix): return text + suffix
        case .multiply(let factor): return Self.arithmetic(text) { $0.multiplying(by: factor) }
        case .divide(let divisor): return Self.arithmetic(text) { $0.dividing(by: divisor) }
        case .add(let addend): return Self.arithmetic(text) { $0.adding(addend) }
        case .round(let places, let rule):
            guard let places = places ?? currencyExponent else { return nil }
            return Self.round(text, places: places, rule: rule)
        }
    }

    private static func round(_ text: String, places: Int, rule: RoundingRule) -> String? {
        ExactDecimal(text.trimmingASCIIWhitespace)?.rounded(places: places, rule)?.text
    }

    private static func arithmetic(_ text: String, _ operation: (ExactDecimal) -> ExactDecimal?) -> String? {
        guard let value = ExactDecimal(text.trimmingASCIIWhitespace) else { return nil }
        return operation(value)?.text
    }
}

/// A compiled regular expression shared by every application of a mapping.
final class RegexBox: @unchecked Sendable {
    // Invariant: NSRegularExpression is immutable after creation and documented thread-safe.
    let expression: NSRegularExpression
    /// Text every match contains, so a text without it is refused before the regular expression runs.
    private let requiredLiteral: [UInt8]

    init(_ pattern: String) throws {
        expression = try NSRegularExpression(pattern: pattern)
        requiredLiteral = RegexLiteral.required(in: pattern).map { Array($0.utf8) } ?? []
    }

    func firstMatch(in text: String) -> String? {
        guard mayMatch(text) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range) else { return nil }
        let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        guard group.location != NSNotFound, let swiftRange = Range(group, in: text) else { return nil }
        return String(text[swiftRange])
    }

    func matches(_ text: String) -> Bool {
        guard mayMatch(text) else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private func mayMatch(_ text: String) -> Bool {
        guard !requiredLiteral.isEmpty else { return true }
        var text = text
        return text.withUTF8 { bytes in
            requiredLiteral.withUnsafeBytes { literal in
                ByteSearch.firstOffset(of: literal, in: UnsafeRawBufferPointer(bytes)) != nil
            }
        }
    }
}
