import CanonicalModel

/// What stays the same for every rule of one payload: the payload and the declared namespaces.
final class EvaluationScope {
    let payload: Payload
    let namespaces: [(String, String)]

    init(payload: Payload, namespaces: [(String, String)]) {
        self.payload = payload
        self.namespaces = namespaces
    }
}

/// The canonical field being produced, kept as a chain of keys and rendered only when an error names it.
final class FieldTrail {
    let parent: FieldTrail?
    let component: String
    let isIndex: Bool

    init(parent: FieldTrail?, component: String, isIndex: Bool) {
        self.parent = parent
        self.component = component
        self.isIndex = isIndex
    }

    /// E.g. `events[0].order.lines[2].quantity`.
    var rendered: String {
        var pieces: [FieldTrail] = []
        var cursor: FieldTrail? = self
        while let trail = cursor {
            pieces.append(trail)
            cursor = trail.parent
        }
        var text = ""
        for piece in pieces.reversed() {
            if !piece.isIndex, !text.isEmpty { text += "." }
            text += piece.component
        }
        return text
    }
}

/// The state one rule is evaluated in: the payload, the current item, the currency in scope, the canonical path.
struct EvaluationContext {
    let scope: EvaluationScope
    var current: PayloadNode
    /// Digits after the decimal point of the currency in scope (read from the object's `currency` field).
    var currencyExponent: Int?
    /// The path down to the parent of the field being produced.
    var trail: FieldTrail?
    /// The last key or index of the path (not yet in `trail`, so leaves cost no allocation).
    var leaf: (component: String, isIndex: Bool)?

    init(payload: Payload, namespaces: [(String, String)], current: PayloadNode) {
        scope = EvaluationScope(payload: payload, namespaces: namespaces)
        self.current = current
    }

    var payload: Payload { scope.payload }
    var namespaces: [(String, String)] { scope.namespaces }
    /// The canonical field being produced, e.g. `events[0].order.lines[2].quantity`.
    var path: String { settled().trail?.rendered ?? "" }

    /// The same context with its last component moved into the trail, ready to have children.
    func settled() -> EvaluationContext {
        guard let leaf else { return self }
        var next = self
        next.trail = FieldTrail(parent: trail, component: leaf.component, isIndex: leaf.isIndex)
        next.leaf = nil
        return next
    }

    func appending(_ key: String) -> EvaluationContext {
        var next = settled()
        next.leaf = (key, false)
        return next
    }

    func indexed(_ index: Int) -> EvaluationContext {
        var next = settled()
        next.leaf = ("[" + String(index) + "]", true)
        return next
    }

    func error(code: String, _ message: String, rule: ValueRule) -> PayloadError {
        var detail = message + " (mapping rule at \(rule.location)"
        if let selector = rule.selectorText { detail += ", payload path \(selector)" }
        return PayloadError(.invalid, code: code, message: detail + ")", field: path)
    }
}

/// A compiled part of the canonical message template.
indirect enum TemplateNode: Sendable {
    case value(ValueRule)
    /// Members in evaluation order (`currency` first, so money in the same object can use it).
    case object([(String, TemplateNode)])
    /// One item per node the selector finds, each evaluated with that node as the current item.
    case repeated(Selector, TemplateNode)
    /// A fixed list of items; absent ones are left out.
    case fixed([TemplateNode])
    /// The node evaluated at the first node one of the selectors finds (`at:`); absent when none finds one.
    case scoped([Selector], TemplateNode)

    func evaluate(_ context: EvaluationContext) throws(PayloadError) -> JSONValue? {
        switch self {
        case .value(let rule):
            return try rule.evaluate(context)
        case .object(let members):
            // One context for every member, its leaf replaced in place: no copy per field.
            var member = context.settled()
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(members.count)
            for (key, node) in members {
                member.leaf = (key, false)
                guard let value = try node.evaluate(member) else { continue }
                if key == "currency", let code = value.scalarText {
                    guard let currency = Currency(code: code) else {
                        throw PayloadError(
                            .invalid, code: "unknown_currency", message: "\"\(code)\" is not an ISO 4217 currency code",
                            field: member.path
                        )
                    }
                    member.currencyExponent = currency.exponent
                }
                result[key] = value
            }
            return result.isEmpty ? nil : .object(result)
        case .repeated(let selector, let item):
            let nodes = selector.select(in: context.payload, current: context.current, namespaces: context.namespaces)
            let context = context.settled()
            var items: [JSONValue] = []
            items.reserveCapacity(nodes.count)
            for (index, node) in nodes.enumerated() {
                var itemContext = context.indexed(index)
                itemContext.current = node
                if let value = try item.evaluate(itemContext) { items.append(value) }
            }
            return .array(items)
        case .scoped(let selectors, let inner):
            for selector in selectors {
                guard let node = selector.first(in: context.payload, current: context.current, namespaces: context.namespaces) else { continue }
                var scoped = context
                scoped.current = node
                return try inner.evaluate(scoped)
            }
            return nil
        case .fixed(let items):
            let context = context.settled()
            var values: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let itemContext = context.indexed(index)
                if let value = try item.evaluate(itemContext) { values.append(value) }
            }
            return values.isEmpty ? nil : .array(values)
        }
    }
}

/// One `events:` entry: an optional repetition and condition around an event template.
struct EventRule: Sendable {
    /// What a rule does with a payload its `when` admits.
    enum Outcome: Sendable {
        /// Produces events from its template.
        case produce
        /// Refuses the whole message with `unsupported_document` and this explanation.
        case reject(String)
        /// Produces nothing, for this reason; a message with nothing else is accepted with no events.
        case skip(String)
    }

    let forEach: Selector?
    let when: Condition?
    let template: TemplateNode
    /// True when the rule decides its event type (empty or `none` then yields no event); else OrderCreated.
    let decidesType: Bool
    let location: RuleLocation
    let outcome: Outcome
    /// The rule deciding the event type, read before the rest of the template (found once, when compiled).
    let typeRule: ValueRule?

    init(forEach: Selector?, when: Condition?, template: TemplateNode, decidesType: Bool, location: RuleLocation, outcome: Outcome = .produce) {
        self.forEach = forEach
        self.when = when
        self.template = template
        self.decidesType = decidesType
        self.location = location
        self.outcome = outcome
        if case .object(let members) = template, case .value(let rule)? = members.first(where: { $0.0 == "type" })?.1 {
            typeRule = rule
        } else {
            typeRule = nil
        }
    }
}
