import CanonicalModel
import Foundation
import Yams

/// Compiles a mapping's YAML text into a ``CompiledMapping``, or refuses it whole with file:line:column.
public struct MappingCompiler {
    let file: String
    let baseDirectory: String?
    var format: CompiledMapping.Format = .json
    var lookups: [String: LookupTable] = [:]
    var namespaces: [(String, String)] = []
    /// Named values (`values:`), compiled where they are used (`{value: name}`).
    var namedValues: [String: Node] = [:]
    /// The named values being expanded, to refuse one that refers to itself.
    let expanding = ExpansionStack()
    /// The XML paths compiled so far, for the element-tree plan.
    var xmlPaths = XMLPathRegistry()

    /// A compiler for text from `file` (lookup CSV files are read relative to `baseDirectory`).
    public init(file: String, baseDirectory: String? = nil) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// Compiles the mapping file at `path`.
    public static func compile(contentsOf path: String) throws(MappingError) -> CompiledMapping {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw MappingError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        var compiler = MappingCompiler(file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
        return try compiler.compile(text)
    }

    /// Compiles mapping text.
    public mutating func compile(_ text: String) throws(MappingError) -> CompiledMapping {
        namespaces = []
        xmlPaths = XMLPathRegistry()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "the mapping is empty") }
            root = node
        } catch let error as MappingError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw MappingError(file: file, line: 0, column: 0, message: "\(error)")
        }
        guard let top = root.mapping else { throw fail(root, "the top level must be a mapping") }
        let allowed: Set<String> = [
            "channel", "orderChannel", "format", "description", "source", "root", "namespaces", "lookups", "messageId", "events", "checks",
            "acknowledgement", "values",
        ]
        for (key, _) in top where !allowed.contains(key.string ?? "") {
            throw fail(key, "unknown key \(key.string ?? ""); expected one of \(allowed.sorted().joined(separator: ", "))")
        }
        guard let channelNode = top["channel"], let channel = channelNode.string else { throw fail(root, "channel is required") }
        guard channel.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }),
              !channel.isEmpty
        else { throw fail(channelNode, "channel names are lower-case letters, digits, - or _") }
        var orderChannel: String?
        if let node = top["orderChannel"] {
            guard let name = node.string, !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F })
            else { throw fail(node, "orderChannel names a channel: lower-case letters, digits, - or _") }
            orderChannel = name
        }
        if let formatNode = top["format"] {
            guard let value = formatNode.string.flatMap(CompiledMapping.Format.init(rawValue:)) else {
                throw fail(formatNode, "format must be json or xml")
            }
            format = value
        }
        if let node = top["namespaces"] {
            guard format == .xml else { throw fail(node, "namespaces apply to xml mappings only") }
            guard let mapping = node.mapping else { throw fail(node, "namespaces must map prefixes to URIs") }
            for (prefix, uri) in mapping {
                guard let prefixText = prefix.string, let uriText = uri.string else { throw fail(prefix, "namespace prefixes and URIs are strings") }
                namespaces.append((prefixText, uriText))
            }
        }
        var acknowledgement: Acknowledgement?
        if let node = top["acknowledgement"] {
            guard format == .xml, let value = node.string.flatMap(Acknowledgement.init(rawValue:)) else {
                throw fail(node, "acknowledgement (xml mappings only) is ufinterface, cxml or ubl-order-response")
            }
            acknowledgement = value
        }
        var roots: [Selector] = []
        if let node = top["root"] {
            for item in node.sequence ?? [node] { roots.append(try selector(item)) }
        }
        if let node = top["lookups"] { try compileLookups(node) }
        namedValues = [:]
        if let node = top["values"] {
            guard let mapping = node.mapping else { throw fail(node, "values maps names to value rules") }
            for (key, value) in mapping {
                guard let name = key.string, !name.isEmpty else { throw fail(key, "value names are strings") }
                namedValues[name] = value
            }
        }
        expanding.used = []
        expanding.warnings = []
        let messageId = try top["messageId"].map { node throws(MappingError) in try compileValue(node, kind: .text, path: "messageId") }
        guard let eventsNode = top["events"], let eventItems = eventsNode.sequence, !eventItems.isEmpty else {
            throw fail(top["events"] ?? root, "events must be a non-empty list of event rules")
        }
        var events: [EventRule] = []
        for item in eventItems { events.append(try compileEvent(item)) }
        // A named value is compiled where it is used; one never used would go unchecked, so it is a mistake.
        if let values = top["values"]?.mapping {
            for (key, _) in values where !expanding.used.contains(key.string ?? "") {
                throw fail(key, "named value \(key.string ?? "") is never used; remove it or use it with {value: \(key.string ?? "")}")
            }
        }
        var tolerances: [String: ExactDecimal] = [:]
        if let checks = top["checks"] {
            guard let mapping = checks.mapping else { throw fail(checks, "checks must be a mapping") }
            for (key, value) in mapping {
                guard let name = key.string, ["subtotalTolerance", "totalTolerance"].contains(name) else {
                    throw fail(key, "unknown check \(key.string ?? ""); known: subtotalTolerance, totalTolerance")
                }
                guard let text = value.string, let decimal = ExactDecimal(text), !decimal.isNegative else {
                    throw fail(value, "\(name) must be a non-negative decimal such as 0.01")
                }
                tolerances[name] = decimal
            }
        }
        return CompiledMapping(
            channel: channel, orderChannel: orderChannel, acknowledgement: acknowledgement, format: format, file: file, source: text, roots: roots, namespaces: namespaces, messageId: messageId,
            events: events, subtotalTolerance: tolerances["subtotalTolerance"], totalTolerance: tolerances["totalTolerance"],
            jsonReader: JSONReader(), elementPlan: format == .xml ? xmlPaths.plan() : nil, warnings: expanding.warnings,
            attribution: RuleAttribution(events: events)
        )
    }

    // MARK: - Errors

    func location(_ node: Node?) -> RuleLocation {
        RuleLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    func fail(_ node: Node?, _ message: String) -> MappingError {
        let at = location(node)
        return MappingError(file: file, line: at.line, column: at.column, message: message)
    }

    func yamlError(_ error: YamlError) -> MappingError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [problem, context?.text ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            return MappingError(file: file, line: mark.line, column: mark.column, message: "YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return MappingError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "YAML: duplicate key \(duplicates.joined(separator: ", ")) in one mapping (one of them would be ignored)"
            )
        default:
            return MappingError(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }

    // MARK: - Parts

    mutating func compileLookups(_ node: Node) throws(MappingError) {
        guard let mapping = node.mapping else { throw fail(node, "lookups must map table names to tables") }
        for (nameNode, table) in mapping {
            guard let name = nameNode.string else { throw fail(nameNode, "lookup names are strings") }
            var entries: [String: String] = [:]
            if let fileNode = table["file"], let relative = fileNode.string {
                guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
                    throw fail(fileNode, "lookup files are named relative to the mappings folder, without .. or a leading /")
                }
                let path = ((baseDirectory ?? ".") as NSString).appendingPathComponent(relative)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail(fileNode, "cannot read lookup file \(path)") }
                for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                    let fields = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard fields.count == 2 else { throw fail(fileNode, "\(relative) line \(index + 1): expected key,value") }
                    if index == 0, fields == ["key", "value"] { continue }
                    entries[fields[0]] = fields[1]
                }
            } else if let pairs = table.mapping {
                for (key, value) in pairs {
                    guard let keyText = key.string, let valueText = value.string else { throw fail(key, "lookup entries map strings to strings") }
                    entries[keyText] = valueText
                }
            } else {
                throw fail(table, "a lookup is a mapping of codes to values, or {file: table.csv}")
            }
            lookups[name] = LookupTable(name: name, entries: entries)
        }
    }

    func compileEvent(_ node: Node) throws(MappingError) -> EventRule {
        guard let members = node.mapping, case .object(let fields) = FieldKind.event else {
            throw fail(node, "each event rule is a mapping")
        }
        let forEach = try members["forEach"].map { node throws(MappingError) in try selector(node, iterated: true) }
        let when = try members["when"].map { node throws(MappingError) in try condition(node) }
        for key in ["reject", "skip"] {
            guard let reasonNode = members[key] else { continue }
            guard let reason = reasonNode.string, !reason.isEmpty else { throw fail(reasonNode, "\(key) takes the reason as text") }
            for (other, _) in members where !["when", key].contains(other.string ?? "") {
                throw fail(other, "a \(key) rule has only when: and \(key):; \(other.string ?? "") belongs in another rule")
            }
            return EventRule(
                forEach: nil, when: when, template: .object([]), decidesType: true, location: location(node),
                outcome: key == "reject" ? .reject(reason) : .skip(reason)
            )
        }
        var template = try compileObject(members, fields: fields, path: "event", skipping: ["forEach", "when", "at"])
        if let atNode = members["at"] { template = .scoped(try scopeSelectors(atNode), template) }
        return EventRule(forEach: forEach, when: when, template: template, decidesType: members["type"] != nil, location: location(node))
    }

    /// `at: selector` or `at: [selector, …]`: an object's fields read relative to the first node found.
    func scopeSelectors(_ atNode: Node) throws(MappingError) -> [Selector] {
        var selectors: [Selector] = []
        for candidate in atNode.sequence ?? [atNode] { selectors.append(try selector(candidate, iterated: true)) }
        guard !selectors.isEmpty else { throw fail(atNode, "at takes a selector or a list of selectors") }
        return selectors
    }

    func compileNode(_ node: Node, kind: FieldKind, path: String) throws(MappingError) -> TemplateNode {
        switch kind {
        case .object(let fields):
            guard let mapping = node.mapping else { throw fail(node, "\(path) is an object; give its fields as a mapping") }
            let object = try compileObject(mapping, fields: fields, path: path, skipping: ["at"])
            guard let atNode = mapping["at"] else { return object }
            return .scoped(try scopeSelectors(atNode), object)
        case .list(let itemKind):
            if let items = node.sequence {
                var nodes: [TemplateNode] = []
                for item in items { nodes.append(try compileNode(item, kind: itemKind, path: "\(path)[]")) }
                return .fixed(nodes)
            }
            guard let mapping = node.mapping, let forEachNode = mapping["forEach"] else {
                throw fail(node, "\(path) is a list: give a list of items, or {forEach: selector, item: ...}")
            }
            let itemKey = itemKind.isScalar ? "value" : "item"
            guard let itemNode = mapping[itemKey] else { throw fail(node, "\(path) with forEach needs \(itemKey):") }
            for (key, _) in mapping where !["forEach", itemKey].contains(key.string ?? "") {
                throw fail(key, "unknown key \(key.string ?? "") in \(path); expected forEach and \(itemKey)")
            }
            return .repeated(try selector(forEachNode, iterated: true), try compileNode(itemNode, kind: itemKind, path: "\(path)[]"))
        case .extras:
            guard let mapping = node.mapping else { throw fail(node, "\(path) maps names to values") }
            var members: [(String, TemplateNode)] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else { throw fail(keyNode, "field names are strings") }
                var rule = try compileValue(valueNode, kind: .text, path: "\(path).\(key)", allowAnyType: true)
                rule.keepsStructure = true
                members.append((key, .value(rule)))
            }
            return .object(members)
        default:
            let rule = try compileValue(node, kind: kind, path: path)
            try checkVocabulary(rule, node: node, path: path)
            return .value(rule)
        }
    }

    func compileObject(_ mapping: Node.Mapping, fields: [String: FieldKind], path: String, skipping: Set<String>) throws(MappingError) -> TemplateNode {
        var members: [(String, TemplateNode)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { throw fail(keyNode, "field names are strings") }
            if skipping.contains(key) { continue }
            guard let fieldKind = fields[key] else {
                throw fail(keyNode, "unknown canonical field \(path).\(key); known: \((fields.keys.sorted() + skipping.sorted()).joined(separator: ", "))")
            }
            members.append((key, try compileNode(valueNode, kind: fieldKind, path: "\(path).\(key)")))
        }
        // Currency first, so money in the same object can be read in its minor units.
        members.sort { ($0.0 == "currency" ? 0 : 1) < ($1.0 == "currency" ? 0 : 1) }
        return .object(members)
    }

    static let valueKeys: Set<String> = [
        "path", "xpath", "const", "concat", "separator", "cases", "otherwise", "default", "required", "as", "format", "timezone",
        "lookup", "transforms", "sum", "difference", "product", "quotient", "count", "value",
    ]

    func compileValue(_ node: Node, kind: FieldKind, path: String, allowAnyType: Bool = false) throws(MappingError) -> ValueRule {
        var rule = ValueRule(source: .constant(""), location: location(node))
        rule.coercion = try defaultCoercion(kind)
        if let scalar = node.scalar {
            rule.source = try scalarSource(node, scalar)
            warnIfSelectingSeveral(rule.source, node: node, path: path)
            return rule
        }
        guard let mapping = node.mapping else { throw fail(node, "\(path): a value is a selector string or a mapping of value keys") }
        for (key, _) in mapping where !Self.valueKeys.contains(key.string ?? "") {
            throw fail(key, "unknown value key \(key.string ?? "") in \(path); known: \(Self.valueKeys.sorted().joined(separator: ", "))")
        }
        if let selectorNode = mapping["path"] ?? mapping["xpath"] {
            rule.source = .select(try selector(selectorNode))
            warnIfSelectingSeveral(rule.source, node: selectorNode, path: path)
        } else if let constant = mapping["const"] {
            guard let text = constant.string else { throw fail(constant, "const takes a scalar") }
            rule.source = .constant(text)
        } else if let parts = mapping["concat"] {
            guard let items = parts.sequence else { throw fail(parts, "concat takes a list of values") }
            var rules: [ValueRule] = []
            for item in items { rules.append(try compileValue(item, kind: .text, path: path)) }
            rule.source = .concat(rules, separator: mapping["separator"]?.string ?? "")
        } else if let casesNode = mapping["cases"] {
            guard let items = casesNode.sequence else { throw fail(casesNode, "cases takes a list of {when, value}") }
            var cases: [(Condition, ValueRule)] = []
            for item in items {
                guard let whenNode = item["when"], let valueNode = item["value"] else { throw fail(item, "each case needs when: and value:") }
                cases.append((try condition(whenNode), try compileValue(valueNode, kind: .text, path: path)))
            }
            let otherwise = try mapping["otherwise"].map { node throws(MappingError) in try compileValue(node, kind: .text, path: path) }
            rule.source = .cases(cases, otherwise: otherwise)
        } else if let (operation, partsNode) = ValueArithmetic.Operation.allCases.lazy.compactMap({ operation in mapping[operation.rawValue].map { (operation, $0) } }).first {
            guard let items = partsNode.sequence, !items.isEmpty, operation == .sum || items.count >= 2 else {
                throw fail(partsNode, "\(operation.rawValue) takes a list of values\(operation == .sum ? "" : " (at least two)")")
            }
            var rules: [ValueRule] = []
            // Sums read every match of their parts: no warning about several values here.
            let warningsBefore = expanding.warnings.count
            for item in items { rules.append(try compileValue(item, kind: .number, path: path)) }
            if operation == .sum { expanding.warnings.removeSubrange(warningsBefore...) }
            rule.source = .arithmetic(operation, rules)
        } else if let countNode = mapping["count"] {
            rule.source = .count(try selector(countNode))
        } else if let nameNode = mapping["value"] {
            guard let name = nameNode.string, let definition = namedValues[name] else {
                throw fail(nameNode, "unknown named value \(nameNode.string ?? ""); declare it under values: (known: \(namedValues.keys.sorted().joined(separator: ", ")))")
            }
            guard !expanding.names.contains(name) else { throw fail(nameNode, "named value \(name) refers to itself") }
            expanding.names.insert(name)
            expanding.used.insert(name)
            defer { expanding.names.remove(name) }
            var named = try compileValue(definition, kind: kind, path: path, allowAnyType: allowAnyType)
            // Keys beside `value:` refine the named rule for this use (a default, required, a lookup …).
            named.location = location(node)
            rule = named
            try refine(&rule, with: mapping, kind: kind, path: path, allowAnyType: allowAnyType)
            return rule
        } else if mapping["default"] != nil {
            rule.source = .constant("")
        } else {
            throw fail(node, "\(path): give path, xpath, const, concat, cases, sum, difference, product, quotient, count, value or default")
        }
        try refine(&rule, with: mapping, kind: kind, path: path, allowAnyType: allowAnyType)
        return rule
    }

    /// Notes a JSON path with `[*]` or a filter where one value is read: only its first match is used.
    func warnIfSelectingSeveral(_ source: ValueRule.Source, node: Node, path: String) {
        guard case .select(.json(let jsonPath)) = source, jsonPath.selectsSeveral else { return }
        expanding.warnings.append(
            "\(location(node)): \(jsonPath.text) can select several values but \(path) takes one, so only the first is used; "
                + "use forEach, sum or count, or select one ([0], or a filter that matches one)"
        )
    }

    /// Applies the keys that shape a value whatever its source: transforms, lookup, default, required, as/format.
    func refine(_ rule: inout ValueRule, with mapping: Node.Mapping, kind: FieldKind, path: String, allowAnyType: Bool) throws(MappingError) {
        if let transformsNode = mapping["transforms"] { rule.transforms += try transforms(transformsNode) }
        if let lookupNode = mapping["lookup"] {
            guard let name = lookupNode.string, let table = lookups[name] else {
                throw fail(lookupNode, "unknown lookup table \(lookupNode.string ?? ""); declare it under lookups:")
            }
            rule.lookup = table
        }
        if let defaultNode = mapping["default"] {
            guard let text = defaultNode.string else { throw fail(defaultNode, "default takes a scalar") }
            rule.defaultValue = text
        }
        if let requiredNode = mapping["required"] {
            guard let flag = requiredNode.string.flatMap(Bool.init) else { throw fail(requiredNode, "required is true or false") }
            rule.required = flag
        }
        if let asNode = mapping["as"] {
            rule.coercion = try coercion(asNode, mapping: mapping, kind: kind, path: path, allowAnyType: allowAnyType)
        } else if mapping["format"] != nil || mapping["timezone"] != nil {
            rule.coercion = try coercion(nil, mapping: mapping, kind: kind, path: path, allowAnyType: allowAnyType)
        }
    }

    func scalarSource(_ node: Node, _ scalar: Node.Scalar) throws(MappingError) -> ValueRule.Source {
        let text = scalar.string
        if scalar.style == .plain, Int64(text) != nil || Double(text) != nil || ["true", "false"].contains(text) {
            return .constant(text)
        }
        if text.hasPrefix("=") { return .constant(String(text.dropFirst())) }
        return .select(try selector(node))
    }

    /// The compiled selector at `node`; `iterated` when it is a `forEach` (its items are read from below).
    func selector(_ node: Node, iterated: Bool = false) throws(MappingError) -> Selector {
        guard let text = node.string, !text.isEmpty else { throw fail(node, "a selector is a non-empty string") }
        switch format {
        case .json:
            do {
                return .json(try JSONPath(text))
            } catch {
                throw fail(node, error.message)
            }
        case .xml:
            let simple = xmlPaths.register(text, namespaces: namespaces, keepsSubtree: iterated)
            guard let xpath = CompiledXPath(text, simple: simple) else { throw fail(node, "invalid XPath 1.0 expression: \(text)") }
            return .xpath(xpath)
        }
    }

    func condition(_ node: Node) throws(MappingError) -> Condition {
        guard let mapping = node.mapping, let selectorNode = mapping["path"] ?? mapping["xpath"] else {
            throw fail(node, "a condition is {path: selector, equals|notEquals|in|exists|matches|notMatches: ...}")
        }
        let value = ValueRule(source: .select(try selector(selectorNode)), location: location(node))
        if let equals = mapping["equals"] {
            return Condition(value: value, test: .equals([equals.string ?? ""]))
        }
        if let options = mapping["in"] {
            guard let items = options.sequence else { throw fail(options, "in takes a list") }
            return Condition(value: value, test: .equals(items.compactMap(\.string)))
        }
        if let notEquals = mapping["notEquals"] {
            let options = notEquals.sequence?.compactMap(\.string) ?? [notEquals.string ?? ""]
            return Condition(value: value, test: .notEquals(options))
        }
        if let exists = mapping["exists"] {
            guard let flag = exists.string.flatMap(Bool.init) else { throw fail(exists, "exists is true or false") }
            return Condition(value: value, test: .exists(flag))
        }
        for key in ["matches", "notMatches"] {
            guard let pattern = mapping[key] else { continue }
            guard let text = pattern.string, let regex = try? RegexBox(text) else { throw fail(pattern, "\(key) takes a valid regular expression") }
            return Condition(value: value, test: key == "matches" ? .matches(regex) : .notMatches(regex))
        }
        throw fail(node, "a condition needs equals, notEquals, in, exists, matches or notMatches")
    }

    func transforms(_ node: Node) throws(MappingError) -> [Transform] {
        guard let items = node.sequence else { throw fail(node, "transforms is a list") }
        var result: [Transform] = []
        for item in items {
            if let name = item.string, item.scalar != nil {
                switch name {
                case "trim": result.append(.trim)
                case "upper": result.append(.upper)
                case "lower": result.append(.lower)
                default: throw fail(item, "unknown transform \(name); known: trim, upper, lower, regex, split, replace, prefix, suffix, multiply, divide, add, round")
                }
                continue
            }
            guard let mapping = item.mapping, mapping.count == 1, let (keyNode, argument) = mapping.first, let key = keyNode.string else {
                throw fail(item, "a transform is a name or a one-key mapping such as {regex: \"(\\\\d+)\"}")
            }
            switch key {
            case "regex":
                guard let pattern = argument.string, let regex = try? RegexBox(pattern) else { throw fail(argument, "invalid regular expression") }
                result.append(.regex(regex))
            case "split":
                guard let separator = argument["separator"]?.string else { throw fail(argument, "split takes {separator, index}") }
                let index = argument["index"]?.string.flatMap(Int.init) ?? 0
                result.append(.split(separator: separator, index: index))
            case "replace":
                guard let from = argument["from"]?.string else { throw fail(argument, "replace takes {from, to}") }
                result.append(.replace(from: from, to: argument["to"]?.string ?? ""))
            case "prefix":
                result.append(.prefix(argument.string ?? ""))
            case "suffix":
                result.append(.suffix(argument.string ?? ""))
            case "round":
                let placesText = argument["places"]?.string
                let places = placesText.flatMap(Int.init)
                guard placesText == "currency" || places.map({ (0...9).contains($0) }) == true else {
                    throw fail(argument, "round takes {places: 0-9 or currency, mode: \(Transform.RoundingRule.allCases.map(\.rawValue).joined(separator: "|"))}")
                }
                guard let modeText = argument["mode"]?.string, let mode = Transform.RoundingRule(rawValue: modeText) else {
                    throw fail(argument["mode"] ?? argument, "round needs an explicit mode: \(Transform.RoundingRule.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                result.append(.round(places: places, mode: mode))
            case "multiply", "divide", "add":
                guard let text = argument.string, let decimal = ExactDecimal(text) else { throw fail(argument, "\(key) takes a decimal number") }
                if key == "divide", decimal.isZero { throw fail(argument, "divide by zero") }
                result.append(key == "multiply" ? .multiply(decimal) : key == "divide" ? .divide(decimal) : .add(decimal))
            default:
                throw fail(keyNode, "unknown transform \(key); known: trim, upper, lower, regex, split, replace, prefix, suffix, multiply, divide, add, round")
            }
        }
        return result
    }

    func defaultCoercion(_ kind: FieldKind) throws(MappingError) -> Coercion {
        switch kind {
        case .integer: .integer
        case .number: .decimal
        case .boolean: .boolean
        case .money: .money(minorUnits: false)
        case .timestamp: .timestamp(TimestampFormat(kind: .iso8601, timeZone: TimeZone(identifier: "UTC") ?? .current))
        default: .text
        }
    }

    func coercion(_ asNode: Node?, mapping: Node.Mapping, kind: FieldKind, path: String, allowAnyType: Bool) throws(MappingError) -> Coercion {
        let name = asNode?.string ?? "timestamp"
        let accepted: [String] = switch kind {
        case .integer: ["integer"]
        case .number: ["decimal", "integer"]
        case .money: ["money", "minor"]
        case .boolean: ["boolean"]
        case .timestamp: ["timestamp"]
        default: allowAnyType ? ["string", "integer", "decimal", "boolean", "timestamp"] : ["string"]
        }
        guard accepted.contains(name) else {
            throw fail(asNode, "type mismatch: \(path) takes \(accepted.joined(separator: " or ")), not \(name)")
        }
        switch name {
        case "integer": return .integer
        case "decimal": return .decimal
        case "boolean": return .boolean
        case "money": return .money(minorUnits: false)
        case "minor": return .money(minorUnits: true)
        case "timestamp":
            var zone = TimeZone(identifier: "UTC") ?? .current
            if let zoneNode = mapping["timezone"] {
                guard let identifier = zoneNode.string, let found = TimeZone(identifier: identifier) else {
                    throw fail(zoneNode, "unknown time zone \(zoneNode.string ?? ""); use an IANA name such as Asia/Shanghai")
                }
                zone = found
            }
            let formatKind: TimestampFormat.Kind
            switch mapping["format"]?.string ?? "iso8601" {
            case "iso8601": formatKind = .iso8601
            case "unix": formatKind = .unixSeconds
            case "unix_ms": formatKind = .unixMilliseconds
            case "yyyy-MM-dd HH:mm:ss": formatKind = .localDateTime
            case "rfc2822", "rfc1123", "rfc822", "http-date": formatKind = .rfc2822
            case "xsd": formatKind = .xsd
            case let text:
                do throws(TimestampPattern.Invalid) {
                    formatKind = .pattern(try TimestampPattern(text))
                } catch {
                    throw fail(
                        mapping["format"],
                        "unknown timestamp format: \(error.message); use iso8601, unix, unix_ms, rfc2822, xsd or a pattern such as \"dd/MM/yyyy HH:mm\""
                    )
                }
            }
            return .timestamp(TimestampFormat(kind: formatKind, timeZone: zone))
        default:
            return .text
        }
    }
}

/// The named values a compile is expanding, shared by the nested compiles of one value.
final class ExpansionStack {
    var names: Set<String> = []
    /// The named values used so far.
    var used: Set<String> = []
    /// Things that compile but may not do what the author meant, with their place.
    var warnings: [String] = []
}
