import CanonicalModel
import Foundation

/// Reads typed fields from a JSON object, naming the full payload path in every error.
struct FieldReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func pathOf(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, code: String, _ message: String) -> PayloadError {
        PayloadError(.invalid, code: code, message: message, field: pathOf(key))
    }

    /// The member, or nil when it is absent or null.
    func optional(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    func object(_ key: String) throws(PayloadError) -> FieldReader? {
        guard let member = optional(key) else { return nil }
        guard case .object = member else { throw invalid(key, code: "invalid_type", "expected an object") }
        return FieldReader(member, path: pathOf(key))
    }

    func requiredObject(_ key: String) throws(PayloadError) -> FieldReader {
        guard let reader = try object(key) else { throw invalid(key, code: "missing_field", "\(pathOf(key)) is required") }
        return reader
    }

    func array(_ key: String) throws(PayloadError) -> [FieldReader]? {
        guard let member = optional(key) else { return nil }
        guard case .array(let items) = member else { throw invalid(key, code: "invalid_type", "expected an array") }
        return items.enumerated().map { FieldReader($0.element, path: "\(pathOf(key))[\($0.offset)]") }
    }

    func string(_ key: String, maxLength: Int = 1024) throws(PayloadError) -> String? {
        guard let member = optional(key) else { return nil }
        let text: String
        switch member {
        case .string(let string): text = string
        case .number(let lexeme): text = lexeme
        default: throw invalid(key, code: "invalid_type", "expected a string")
        }
        guard text.utf8.count <= maxLength else { throw invalid(key, code: "value_too_long", "longer than \(maxLength) bytes") }
        return text
    }

    func requiredString(_ key: String, maxLength: Int = 1024) throws(PayloadError) -> String {
        guard let text = try string(key, maxLength: maxLength), !text.isEmpty else {
            throw invalid(key, code: "missing_field", "\(pathOf(key)) is required")
        }
        return text
    }

    func integer(_ key: String) throws(PayloadError) -> Int64? {
        guard let member = optional(key) else { return nil }
        guard case .number(let lexeme) = member, let integer = Int64(lexeme) else {
            throw invalid(key, code: "invalid_type", "expected an integer")
        }
        return integer
    }

    func bool(_ key: String) throws(PayloadError) -> Bool? {
        guard let member = optional(key) else { return nil }
        guard case .bool(let flag) = member else { throw invalid(key, code: "invalid_type", "expected true or false") }
        return flag
    }

    func double(_ key: String) throws(PayloadError) -> Double? {
        guard let member = optional(key) else { return nil }
        guard case .number(let lexeme) = member, let number = Double(lexeme) else {
            throw invalid(key, code: "invalid_type", "expected a number")
        }
        return number
    }

    func timestamp(_ key: String) throws(PayloadError) -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw invalid(key, code: "invalid_timestamp", "expected an ISO 8601 timestamp with offset, got \"\(text)\"")
        }
        return date
    }

    func requiredTimestamp(_ key: String) throws(PayloadError) -> Date {
        guard let date = try timestamp(key) else { throw invalid(key, code: "missing_field", "\(pathOf(key)) is required") }
        return date
    }

    /// A decimal amount (JSON number or string, major units) as minor units of `currency`.
    func money(_ key: String, currency: Currency) throws(PayloadError) -> Int64? {
        guard let member = optional(key) else { return nil }
        let text: String
        switch member {
        case .string(let string), .number(let string): text = string
        default: throw invalid(key, code: "invalid_type", "expected a decimal amount")
        }
        do {
            return try MinorUnits.parse(text, exponent: currency.exponent)
        } catch .tooManyDecimals(let allowed) {
            throw invalid(key, code: "money_precision", "\(text) has more than \(allowed) decimal places allowed for \(currency.code)")
        } catch .overflow {
            throw invalid(key, code: "invalid_amount", "\(text) is out of range")
        } catch {
            throw invalid(key, code: "invalid_amount", "\(text) is not a decimal amount")
        }
    }

    func nonNegativeMoney(_ key: String, currency: Currency) throws(PayloadError) -> Int64? {
        guard let amount = try money(key, currency: currency) else { return nil }
        guard amount >= 0 else { throw invalid(key, code: "invalid_amount", "must not be negative") }
        return amount
    }

    func enumeration<Value: RawRepresentable>(_ key: String, as type: Value.Type) throws(PayloadError) -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Value(rawValue: text) else { throw invalid(key, code: "invalid_value", "unknown value \"\(text)\"") }
        return value
    }
}
