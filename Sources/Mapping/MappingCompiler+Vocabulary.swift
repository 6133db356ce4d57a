import CanonicalModel
import Yams

/// Canonical fields whose values come from a closed list: a constant or lookup value outside it is a compile error,
/// found by `mapping check` rather than by the first message.
extension MappingCompiler {
    /// The values the field at `path` accepts (besides empty), or nil for free text.
    static func vocabulary(at path: String) -> [String]? {
        switch path {
        case "event.type":
            let channelTypes = EventType.allCases.filter { ![.orderRouted, .orderRerouted, .returnRouted].contains($0) }.map(\.rawValue)
            return channelTypes + ["none"]
        case "event.order.status": return OrderStatus.allCases.map(\.rawValue)
        case "event.order.fulfilment.mode": return ["ship", "pickup_in_store", "ship_from_store"]
        case "event.shipment.status": return ["shipped", "in_transit", "delivered"]
        default: return nil
        }
    }

    /// Refuses constants, case values, lookup entries and defaults of `rule` that the field at `path` cannot take.
    func checkVocabulary(_ rule: ValueRule, node: Node, path: String) throws(MappingError) {
        guard let allowed = Self.vocabulary(at: path) else { return }
        func refuse(_ value: String, _ origin: String) -> MappingError {
            fail(node, "\(origin)\"\(value)\" is not a valid \(path.split(separator: ".").last ?? ""); use one of: \(allowed.joined(separator: ", "))")
        }
        func check(_ rule: ValueRule) throws(MappingError) {
            if let lookup = rule.lookup {
                for (code, value) in lookup.entries.sorted(by: { $0.key < $1.key }) where !value.isEmpty && !allowed.contains(value) {
                    throw refuse(value, "lookup \(lookup.name) maps \"\(code)\" to ")
                }
            } else {
                switch rule.source {
                case .constant(let value) where !value.isEmpty && !allowed.contains(value):
                    throw refuse(value, "")
                case .cases(let cases, let otherwise):
                    for (_, value) in cases { try check(value) }
                    if let otherwise { try check(otherwise) }
                default:
                    break
                }
            }
            if let fallback = rule.defaultValue, !fallback.isEmpty, !allowed.contains(fallback) { throw refuse(fallback, "default ") }
        }
        try check(rule)
    }
}
