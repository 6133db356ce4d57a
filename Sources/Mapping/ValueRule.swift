import CanonicalModel
import Foundation

/// How a value is read from the payload text into canonical form.
enum Coercion: Sendable {
    case text
    case integer
    /// A decimal number (JSON number in the output).
    case decimal
    case boolean
    /// Money in major units (`"129.00"`), or in minor units (`12900` fen) converted by the currency's exponent.
    case money(minorUnits: Bool)
    case timestamp(TimestampFormat)
}

/// A condition on a payload value, for `when` rules.
struct Condition: Sendable {
    enum Test: Sendable {
        case equals([String])
        case notEquals([String])
        case exists(Bool)
        case matches(RegexBox)
        case notMatches(RegexBox)
    }

    let value: ValueRule
    let test: Test

    func holds(_ context: EvaluationContext) throws(PayloadError) -> Bool {
        if case .exists(let expected) = test, let present = value.plainSelectionIsPresent(context) {
            return present == expected
        }
        let text = try value.rawText(context)
        switch test {
        case .equals(let options): return text.map(options.contains) ?? false
        case .notEquals(let options): return !(text.map(options.contains) ?? false)
        case .exists(let expected): return (text.map { !$0.isEmpty } ?? false) == expected
        case .matches(let regex): return text.map(regex.matches) ?? false
        case .notMatches(let regex): return !(text.map(regex.matches) ?? false)
        }
    }
}

/// One compiled value rule: where the text comes from, what is done to it, and how it becomes canonical.
///
/// Its parts live in one shared box, so rules are copied (into cases, parts and templates) for one reference count.
struct ValueRule: Sendable {
    indirect enum Source: Sendable {
        case select(Selector)
        case constant(String)
        case concat([ValueRule], separator: String)
        /// The first case whose condition holds, else `otherwise`.
        case cases([(Condition, ValueRule)], otherwise: ValueRule?)
        /// Decimal arithmetic over other values (``ValueArithmetic``).
        case arithmetic(ValueArithmetic.Operation, [ValueRule])
        /// How many nodes a selector finds.
        case count(Selector)
    }

    private final class Parts: @unchecked Sendable {
        // Invariant: a box is changed only by a ValueRule setter while that rule is its only holder (copy on write),
        // so a box reachable from several rules or threads is never written.
        var source: Source
        var transforms: [Transform] = []
        var lookup: LookupTable?
        var defaultValue: String?
        var required = false
        var coercion: Coercion = .text
        var keepsStructure = false
        var location: RuleLocation

        init(source: Source, location: RuleLocation) {
            self.source = source
            self.location = location
        }

        func copy() -> Parts {
            let copy = Parts(source: source, location: location)
            (copy.transforms, copy.lookup, copy.defaultValue, copy.required) = (transforms, lookup, defaultValue, required)
            (copy.coercion, copy.keepsStructure) = (coercion, keepsStructure)
            return copy
        }
    }

    private var parts: Parts

    init(source: Source, location: RuleLocation) {
        parts = Parts(source: source, location: location)
    }

    private mutating func unique() -> Parts {
        if !isKnownUniquelyReferenced(&parts) { parts = parts.copy() }
        return parts
    }

    var source: Source {
        get { parts.source }
        set { unique().source = newValue }
    }
    var transforms: [Transform] {
        get { parts.transforms }
        set { unique().transforms = newValue }
    }
    var lookup: LookupTable? {
        get { parts.lookup }
        set { unique().lookup = newValue }
    }
    var defaultValue: String? {
        get { parts.defaultValue }
        set { unique().defaultValue = newValue }
    }
    var required: Bool {
        get { parts.required }
        set { unique().required = newValue }
    }
    var coercion: Coercion {
        get { parts.coercion }
        set { unique().coercion = newValue }
    }
    /// For `extras` members: a selected JSON object or array is kept as it is.
    var keepsStructure: Bool {
        get { parts.keepsStructure }
        set { unique().keepsStructure = newValue }
    }
    var location: RuleLocation {
        get { parts.location }
        set { unique().location = newValue }
    }

    /// The text after selection, transforms, lookup and default; nil when absent.
    func rawText(_ context: EvaluationContext) throws(PayloadError) -> String? {
        var text: String?
        switch source {
        case .constant(let value):
            text = value
        case .select(let selector):
            text = selector.first(in: context.payload, current: context.current, namespaces: context.namespaces)?.text
        case .concat(let parts, let separator):
            var pieces: [String] = []
            for part in parts {
                if let piece = try part.rawText(context), !piece.isEmpty { pieces.append(piece) }
            }
            text = pieces.isEmpty ? nil : pieces.joined(separator: separator)
        case .cases(let cases, let otherwise):
            text = nil
            var matched = false
            for (condition, rule) in cases where try condition.holds(context) {
                text = try rule.rawText(context)
                matched = true
                break
            }
            if !matched, let otherwise { text = try otherwise.rawText(context) }
        case .arithmetic(let operation, let parts):
            text = try ValueArithmetic.evaluate(operation, parts, context: context, rule: self)
        case .count(let selector):
            text = String(selector.select(in: context.payload, current: context.current, namespaces: context.namespaces).count)
        }
        if var current = text, !current.isEmpty {
            for transform in transforms {
                // A step that finds nothing in a present value is an error, never a silently absent field.
                guard let next = transform.apply(current, currencyExponent: context.currencyExponent) else {
                    throw context.error(code: transform.failureCode, "\"\(current)\" \(transform.failureDescription)", rule: self)
                }
                current = next
                text = next
            }
        }
        if let found = text, !found.isEmpty, let lookup {
            guard let mapped = lookup.entries[found] else {
                if let defaultValue { return defaultValue }
                throw context.error(
                    code: "unknown_code", "\"\(found)\" is not in lookup table \(lookup.name)", rule: self
                )
            }
            text = mapped
        }
        if text == nil || text?.isEmpty == true, let defaultValue { text = defaultValue }
        return text
    }

    /// For a plain selector (no transforms, lookup or default): whether it finds a non-empty text, or a non-empty
    /// JSON object or array (present although it has no text of its own); nil for any other value rule.
    func plainSelectionIsPresent(_ context: EvaluationContext) -> Bool? {
        guard transforms.isEmpty, lookup == nil, defaultValue == nil, case .select(let selector) = source else { return nil }
        switch selector.first(in: context.payload, current: context.current, namespaces: context.namespaces) {
        case .json(.object(let members))?: return !members.isEmpty
        case .json(.array(let items))?: return !items.isEmpty
        case let node?: return node.hasText
        case nil: return false
        }
    }

    /// The canonical JSON value, or nil when the value is absent and not required.
    func evaluate(_ context: EvaluationContext) throws(PayloadError) -> JSONValue? {
        // An extras member whose path selects a JSON object or array keeps it whole rather than dropping it.
        if keepsStructure, transforms.isEmpty, lookup == nil, case .select(let selector) = source,
           case .json(let value)? = selector.first(in: context.payload, current: context.current, namespaces: context.namespaces) {
            switch value {
            case .object, .array: return value
            default: break
            }
        }
        guard let text = try rawText(context), !text.isEmpty else {
            if required { throw context.error(code: "missing_field", "no value for \(context.path)", rule: self) }
            return nil
        }
        switch coercion {
        case .text:
            return .string(text)
        case .integer:
            let trimmed = text.trimmingASCIIWhitespace
            if Self.isJSONNumber(trimmed), let integer = Int64(trimmed) { return .number(String(integer)) }
            // Channels often send whole quantities as "2.0" or "2.000".
            if Self.isJSONNumber(trimmed), let decimal = Decimal(string: trimmed) {
                var value = decimal
                var whole = Decimal()
                NSDecimalRound(&whole, &value, 0, .plain)
                if whole == decimal { return .number(NSDecimalNumber(decimal: whole).stringValue) }
            }
            throw context.error(code: "invalid_type", "\"\(text)\" is not an integer", rule: self)
        case .decimal:
            let trimmed = text.trimmingASCIIWhitespace
            guard Self.isJSONNumber(trimmed), Double(trimmed)?.isFinite == true else {
                throw context.error(code: "invalid_type", "\"\(text)\" is not a number", rule: self)
            }
            return .number(trimmed)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes", "y": return .bool(true)
            case "false", "0", "no", "n": return .bool(false)
            default: throw context.error(code: "invalid_type", "\"\(text)\" is not a boolean", rule: self)
            }
        case .money(let minorUnits):
            let trimmed = text.trimmingASCIIWhitespace
            guard minorUnits else { return .string(trimmed) }
            guard let minor = Int64(trimmed) else {
                throw context.error(code: "invalid_amount", "\"\(text)\" is not a whole number of minor units", rule: self)
            }
            guard let exponent = context.currencyExponent else {
                throw context.error(code: "unknown_currency", "minor units need the order's currency first", rule: self)
            }
            return .string(MinorUnits.format(minor, exponent: exponent))
        case .timestamp(let format):
            guard let date = format.parse(text) else {
                throw context.error(code: "invalid_timestamp", "\"\(text)\" does not fit the declared timestamp format", rule: self)
            }
            return .string(Timestamp.format(date))
        }
    }

    /// True for text that is a JSON number as written (`-12`, `0.5`, `1e3`), so it can be stored as one.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ slice: inout ArraySlice<UInt8>) -> Int {
            let count = slice.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            slice = slice.dropFirst(count)
            return count
        }
        let integerDigits = digits(&bytes)
        guard integerDigits > 0, !(integerDigits > 1 && text.utf8.first(where: { $0 != UInt8(ascii: "-") }) == 0x30) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        }
        if let first = bytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    var selectorText: String? {
        if case .select(let selector) = source { return selector.text }
        return nil
    }
}

/// A lookup table: channel codes to canonical values.
struct LookupTable: Sendable {
    let name: String
    let entries: [String: String]
}
