import CanonicalModel

/// Which mapping rule produced each canonical field, so that an error found after mapping (by the canonical
/// validation) names the rule and payload path as errors found while mapping do.
struct RuleAttribution: Sendable {
    /// Value rules by canonical field path without indexes (`order.lines.quantity`), per event rule.
    let fields: [[String: ValueRule]]
    let eventRuleLocations: [RuleLocation]

    init(events: [EventRule]) {
        fields = events.map { rule in
            var found: [String: ValueRule] = [:]
            Self.collect(rule.template, path: "", into: &found)
            return found
        }
        eventRuleLocations = events.map(\.location)
    }

    private static func collect(_ node: TemplateNode, path: String, into found: inout [String: ValueRule]) {
        switch node {
        case .value(let rule): found[path] = rule
        case .object(let members):
            for (key, member) in members { collect(member, path: path.isEmpty ? key : path + "." + key, into: &found) }
        case .repeated(_, let item), .scoped(_, let item): collect(item, path: path, into: &found)
        case .fixed(let items): for item in items { collect(item, path: path, into: &found) }
        }
    }

    /// `error` (found in the canonical message) with the rule that filled its field, given which event rule
    /// produced each event.
    func attribute(_ error: PayloadError, producedBy: [Int]) -> PayloadError {
        guard let field = error.field, field.hasPrefix("events["), let close = field.firstIndex(of: "]"),
              let eventIndex = Int(field[field.index(field.startIndex, offsetBy: 7)..<close]), producedBy.indices.contains(eventIndex)
        else { return error }
        let ruleIndex = producedBy[eventIndex]
        var canonical = String(field[field.index(after: close)...].drop { $0 == "." })
        while let open = canonical.firstIndex(of: "["), let end = canonical[open...].firstIndex(of: "]") {
            canonical.removeSubrange(open...end)
        }
        var attributed = error
        if let rule = fields[ruleIndex][canonical] {
            attributed.message += " (mapping rule at \(rule.location)" + (rule.selectorText.map { ", payload path \($0)" } ?? "") + ")"
        } else {
            // An object whose member rules all found nothing: name those rules.
            let inside = fields[ruleIndex].filter { $0.key.hasPrefix(canonical + ".") }.sorted { $0.key < $1.key }.prefix(3)
            if inside.isEmpty {
                attributed.message += " (no rule of the event rule at \(eventRuleLocations[ruleIndex]) fills \(canonical.isEmpty ? "it" : canonical))"
            } else {
                let rules = inside.map { key, rule in
                    "\(key.dropFirst(canonical.count + 1)) at \(rule.location)" + (rule.selectorText.map { ", payload path \($0)" } ?? "")
                }
                attributed.message += " (its mapping rules found no value: \(rules.joined(separator: "; ")))"
            }
        }
        return attributed
    }
}
