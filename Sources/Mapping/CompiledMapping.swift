import CanonicalModel
import Foundation

/// A mapping compiled once from its YAML file into an evaluation plan; applying it parses no YAML or paths.
public struct CompiledMapping: Sendable {
    /// Payload formats a mapping reads.
    public enum Format: String, Sendable {
        case json
        case xml
    }

    public let channel: String
    /// The channel whose orders this mapping's events address, when not its own (a cancellation channel for
    /// orders that arrived on another one); order ids derive from it.
    public let orderChannel: String?
    /// The XML acknowledgement the channel's senders expect instead of the JSON answer.
    public let acknowledgement: Acknowledgement?
    public let format: Format
    /// The file it was loaded from, for messages.
    public let file: String
    /// The YAML text it was compiled from.
    public let source: String
    /// Candidate roots: the first that selects something is where `$` paths start.
    let roots: [Selector]
    let namespaces: [(String, String)]
    let messageId: ValueRule?
    let events: [EventRule]
    /// Largest accepted difference between the order subtotal and the sum of its lines, in major units.
    let subtotalTolerance: ExactDecimal?
    /// Largest accepted difference between the order total and subtotal − discount + shipping + tax, in major units.
    let totalTolerance: ExactDecimal?
    let jsonReader: JSONReader
    /// For XML mappings whose every path is simple: what to keep of a payload read in one SAX pass (no DOM, no XPath).
    let elementPlan: ElementTreePlan?
    /// True when XML payloads are read in one SAX pass (every selector a plain path), without a DOM or XPath.
    public var readsWithoutDOM: Bool { elementPlan != nil }
    /// What compiles but may not do what the author meant (`file:line:column: …`), shown by `mapping check` and publish.
    public let warnings: [String]
    /// Which rule filled each canonical field, for errors the canonical validation finds.
    let attribution: RuleAttribution

    /// The canonical events `bytes` yield, or a ``PayloadError`` naming the payload path and mapping rule at fault.
    public func apply(_ bytes: [UInt8]) throws(PayloadError) -> DecodedMessage {
        let payload: Payload
        switch format {
        case .json: payload = .json(try jsonReader.parse(bytes))
        case .xml:
            if let elementPlan {
                payload = .elements(try ElementTree(bytes, plan: elementPlan))
            } else {
                payload = .xml(try XMLPayload(bytes))
            }
        }
        return try apply(parsed: payload)
    }

    /// The canonical events of an already-parsed payload.
    func apply(parsed document: Payload) throws(PayloadError) -> DecodedMessage {
        var payload = document
        if case .json = document {
            for root in roots {
                if case .json(let value)? = root.select(in: document, current: document.rootNode, namespaces: namespaces).first {
                    payload = .json(value)
                    break
                }
            }
        }
        var producedBy: [Int] = []
        let message = try canonicalMessage(payload, producedBy: &producedBy)
        if case .object(let members) = message, let reason = members["skipped"]?.scalarText {
            return DecodedMessage(messageId: members["messageId"]?.scalarText, events: [], skipped: reason)
        }
        let decoded: DecodedMessage
        do {
            decoded = try CanonicalChannelDecoder().decode(message)
        } catch {
            throw attribution.attribute(error, producedBy: producedBy)
        }
        try check(decoded)
        return decoded
    }

    /// The message in the `canonical` channel format that the payload maps to, with the index of the event rule
    /// that produced each event.
    func canonicalMessage(_ payload: Payload, producedBy: inout [Int]) throws(PayloadError) -> JSONValue {
        let root = EvaluationContext(payload: payload, namespaces: namespaces, current: payload.rootNode)
        var produced: [JSONValue] = []
        var skipped: String?
        for (ruleIndex, rule) in events.enumerated() {
            switch rule.outcome {
            case .produce:
                break
            case .reject(let reason):
                if let when = rule.when, try !when.holds(root) { continue }
                throw PayloadError(
                    .invalid, code: "unsupported_document", message: "\(reason) (mapping rule at \(rule.location))",
                    field: rule.when?.value.selectorText ?? "events"
                )
            case .skip(let reason):
                if let when = rule.when, try !when.holds(root) { continue }
                if skipped == nil { skipped = reason }
                continue
            }
            let items: [PayloadNode] = rule.forEach.map { $0.select(in: payload, current: payload.rootNode, namespaces: namespaces) } ?? [payload.rootNode]
            for item in items {
                var context = root
                context.current = item
                let numbered = root.appending("events").indexed(produced.count)
                context.trail = numbered.trail
                context.leaf = numbered.leaf
                if let when = rule.when, try !when.holds(context) { continue }
                // A rule whose type resolves to none yields nothing: its other fields are not evaluated.
                if rule.decidesType, let type = try rule.typeRule?.rawText(context.appending("type")), type.isEmpty || type == "none" {
                    continue
                }
                guard case .object(var event)? = try rule.template.evaluate(context) else { continue }
                if rule.decidesType {
                    let type = event["type"]?.scalarText ?? ""
                    if type.isEmpty || type == "none" { continue }
                } else {
                    event["type"] = .string(EventType.orderCreated.rawValue)
                }
                produced.append(.object(event))
                producedBy.append(ruleIndex)
            }
        }
        var message: [String: JSONValue] = ["events": .array(produced)]
        if produced.isEmpty {
            guard let skipped else {
                throw PayloadError(.invalid, code: "no_events", message: "mapping \(file) yields no event for this payload", field: "events")
            }
            message["skipped"] = .string(skipped)
        }
        if let messageId, let id = try messageId.evaluate(root.appending("messageId")) { message["messageId"] = id }
        return .object(message)
    }

    /// Post-mapping checks: the subtotal against the lines, and the total against its parts, within the declared tolerances.
    func check(_ message: DecodedMessage) throws(PayloadError) {
        guard subtotalTolerance != nil || totalTolerance != nil else { return }
        for (index, event) in message.events.enumerated() {
            guard case .order(let order) = event.body else { continue }
            let exponent = order.currency.exponent
            if let subtotalTolerance {
                guard let lines = CanonicalChannelDecoder.linesTotal(order.lines) else {
                    throw PayloadError(.invalid, code: "invalid_amount", message: "the lines' total is out of range", field: "events[\(index)].order.lines")
                }
                try require(
                    order.amounts.subtotal, near: lines, within: subtotalTolerance, exponent: exponent,
                    what: "subtotal", against: "the lines' sum", check: "subtotalTolerance", field: "events[\(index)].order.amounts.subtotal"
                )
            }
            if let totalTolerance {
                let amounts = order.amounts
                let (afterDiscount, o1) = amounts.subtotal.subtractingReportingOverflow(amounts.discount)
                let (withShipping, o2) = afterDiscount.addingReportingOverflow(amounts.shipping)
                // With tax-inclusive prices the tax is already inside the subtotal and shipping.
                let taxIncluded = order.pricesIncludeTax == true
                let (expected, o3) = withShipping.addingReportingOverflow(taxIncluded ? 0 : amounts.tax)
                guard !o1, !o2, !o3 else {
                    throw PayloadError(.invalid, code: "invalid_amount", message: "the order amounts are out of range", field: "events[\(index)].order.amounts")
                }
                try require(
                    amounts.total, near: expected, within: totalTolerance, exponent: exponent,
                    what: "total", against: taxIncluded ? "subtotal − discount + shipping (prices include tax)" : "subtotal − discount + shipping + tax",
                    check: "totalTolerance",
                    field: "events[\(index)].order.amounts.total"
                )
            }
        }
    }

    private func require(
        _ value: Int64, near expected: Int64, within tolerance: ExactDecimal, exponent: Int, what: String, against: String, check: String,
        field: String
    ) throws(PayloadError) {
        let allowed = tolerance.minorUnits(exponent: exponent)
        let (difference, overflow) = value.subtractingReportingOverflow(expected)
        guard overflow || difference.magnitude > allowed else { return }
        throw PayloadError(
            .invalid, code: "check_failed",
            message: "\(what) \(MinorUnits.format(value, exponent: exponent)) differs from \(against) \(MinorUnits.format(expected, exponent: exponent)) by more than \(tolerance.text) (mapping \(file), checks.\(check))",
            field: field
        )
    }
}
