import CanonicalModel
import Foundation

/// Sums, differences and products of payload values, in decimals (never floating point).
///
/// `sum` adds every value its parts find — a path with `[*]` contributes each match — and is 0 when they find
/// none; `difference` takes the later parts from the first (absent later parts count as 0, an absent first part
/// makes the result absent); `product` multiplies its parts and `quotient` divides the first by the others (12
/// decimals kept; round it), each absent when any part is; a division by zero is an error.
enum ValueArithmetic {
    enum Operation: String, Sendable, CaseIterable {
        case sum, difference, product, quotient
    }

    static func evaluate(
        _ operation: Operation, _ parts: [ValueRule], context: EvaluationContext, rule: ValueRule
    ) throws(PayloadError) -> String? {
        var operands: [[Decimal]] = []
        for part in parts { operands.append(try values(of: part, context: context, rule: rule)) }
        let result: Decimal?
        switch operation {
        case .sum:
            result = operands.joined().reduce(Decimal(0), +)
        case .difference:
            guard let first = operands.first, !first.isEmpty else { return nil }
            result = operands.dropFirst().joined().reduce(first.reduce(Decimal(0), +), -)
        case .product:
            guard operands.allSatisfy({ !$0.isEmpty }) else { return nil }
            result = operands.map { $0.reduce(Decimal(0), +) }.reduce(Decimal(1), *)
        case .quotient:
            guard operands.allSatisfy({ !$0.isEmpty }) else { return nil }
            let values = operands.map { $0.reduce(Decimal(0), +) }
            var quotient = values[0]
            for divisor in values.dropFirst() {
                guard divisor != 0 else { throw context.error(code: "invalid_value", "division by zero", rule: rule) }
                quotient /= divisor
            }
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 12, .plain)
            result = rounded
        }
        return result.map(format)
    }

    /// The numbers one part finds: every match of a plain selector, else the part's single value.
    private static func values(of part: ValueRule, context: EvaluationContext, rule: ValueRule) throws(PayloadError) -> [Decimal] {
        let texts: [String]
        if case .select(let selector) = part.source, part.transforms.isEmpty, part.lookup == nil {
            texts = selector.select(in: context.payload, current: context.current, namespaces: context.namespaces).compactMap(\.text)
            if texts.isEmpty, let fallback = part.defaultValue { return try [number(fallback, part: part, context: context)] }
        } else {
            texts = try part.rawText(context).map { [$0] } ?? []
        }
        var numbers: [Decimal] = []
        for text in texts where !text.trimmingASCIIWhitespace.isEmpty {
            numbers.append(try number(text, part: part, context: context))
        }
        return numbers
    }

    private static func number(_ text: String, part: ValueRule, context: EvaluationContext) throws(PayloadError) -> Decimal {
        let trimmed = text.trimmingASCIIWhitespace
        guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }),
              let value = Decimal(string: trimmed, locale: DecimalText.posix)
        else {
            throw context.error(code: "invalid_type", "\"\(text)\" is not a number to calculate with", rule: part)
        }
        return value
    }

    /// Plain decimal text: `12.5`, `-3`, never an exponent.
    static func format(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).description(withLocale: DecimalText.posix)
    }
}
