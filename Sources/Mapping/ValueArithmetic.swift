import CanonicalModel

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
        var totals: [ExactDecimal] = []
        var found: [Bool] = []
        totals.reserveCapacity(parts.count)
        for part in parts {
            let (total, any) = try sum(of: part, context: context, rule: rule)
            totals.append(total)
            found.append(any)
        }
        var outOfRange: PayloadError { context.error(code: "invalid_value", "the result is out of range", rule: rule) }
        var result: ExactDecimal
        switch operation {
        case .sum:
            result = .zero
            for total in totals { guard let next = result.adding(total) else { throw outOfRange }; result = next }
        case .difference:
            guard found.first == true, let first = totals.first else { return nil }
            result = first
            for total in totals.dropFirst() { guard let next = result.subtracting(total) else { throw outOfRange }; result = next }
        case .product:
            guard found.allSatisfy({ $0 }) else { return nil }
            result = .one
            for total in totals { guard let next = result.multiplying(by: total) else { throw outOfRange }; result = next }
        case .quotient:
            guard found.allSatisfy({ $0 }), let first = totals.first else { return nil }
            result = first
            for divisor in totals.dropFirst() {
                guard !divisor.isZero else { throw context.error(code: "invalid_value", "division by zero", rule: rule) }
                guard let next = result.dividing(by: divisor) else { throw outOfRange }
                result = next
            }
        }
        return result.text
    }

    /// The sum of the numbers one part finds (every match of a plain selector, else the part's single value), and
    /// whether it found any.
    private static func sum(of part: ValueRule, context: EvaluationContext, rule: ValueRule) throws(PayloadError) -> (ExactDecimal, Bool) {
        var total = ExactDecimal.zero
        var any = false
        func add(_ text: String) throws(PayloadError) {
            let trimmed = text.trimmingASCIIWhitespace
            guard !trimmed.isEmpty else { return }
            guard let value = ExactDecimal(trimmed) else {
                throw context.error(code: "invalid_type", "\"\(text)\" is not a number to calculate with", rule: part)
            }
            guard let next = total.adding(value) else { throw context.error(code: "invalid_value", "the sum is out of range", rule: rule) }
            total = next
            any = true
        }
        if case .select(let selector) = part.source, part.transforms.isEmpty, part.lookup == nil {
            let nodes = selector.select(in: context.payload, current: context.current, namespaces: context.namespaces)
            for node in nodes { if let text = node.text { try add(text) } }
            if nodes.isEmpty, let fallback = part.defaultValue { try add(fallback) }
        } else if let text = try part.rawText(context) {
            try add(text)
        }
        return (total, any)
    }
}
