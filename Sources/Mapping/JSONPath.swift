import CanonicalModel

/// A compiled JSON path: `$.order.line_items[*].sku`, `$['a b'][0]`, or relative `sku` / `@.sku` from the current item.
final class JSONPath: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
        case wildcard
        /// `[?(…)]`: the items of an array (or members of an object) the filter keeps.
        case filter(JSONPathFilter)
    }

    /// True when the path starts at the document root (`$`), false when at the current item.
    let fromRoot: Bool
    let steps: [Step]
    let text: String
    /// True when the path can select more than one value (`[*]` or a filter).
    let selectsSeveral: Bool

    static func == (left: JSONPath, right: JSONPath) -> Bool {
        left.fromRoot == right.fromRoot && left.steps == right.steps && left.text == right.text
    }

    /// Compiles `text`; throws a message naming what is wrong.
    init(_ text: String) throws(MappingSyntaxError) {
        self.text = text
        var characters = Array(text.unicodeScalars)
        var index = 0
        var steps: [Step] = []
        if characters.first == "$" {
            fromRoot = true
            index = 1
        } else if characters.first == "@" {
            fromRoot = false
            index = 1
        } else {
            fromRoot = false
            characters.insert(".", at: 0)
        }
        func readName() -> String {
            var name = ""
            while index < characters.count, characters[index] != ".", characters[index] != "[" {
                name.unicodeScalars.append(characters[index])
                index += 1
            }
            return name
        }
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                let name = readName()
                guard !name.isEmpty else { throw MappingSyntaxError("empty member name in JSON path \(text)") }
                steps.append(name == "*" ? .wildcard : .member(name))
            case "[" where index + 2 < characters.count && characters[index + 1] == "?" && characters[index + 2] == "(":
                // A filter runs to the `)]` outside quotes.
                var cursor = index + 3
                var quote: Unicode.Scalar?
                var end: Int?
                while cursor < characters.count {
                    let character = characters[cursor]
                    if let open = quote {
                        if character == open { quote = nil }
                    } else if character == "'" || character == "\"" {
                        quote = character
                    } else if character == ")", cursor + 1 < characters.count, characters[cursor + 1] == "]" {
                        end = cursor
                        break
                    }
                    cursor += 1
                }
                guard let end else { throw MappingSyntaxError("unclosed filter [?( … )] in JSON path \(text)") }
                steps.append(.filter(try JSONPathFilter(String(String.UnicodeScalarView(characters[(index + 3)..<end])))))
                index = end + 2
            case "[":
                index += 1
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw MappingSyntaxError("unclosed [ in JSON path \(text)")
                }
                var inside = String(String.UnicodeScalarView(characters[index..<close]))
                index = close + 1
                if inside == "*" {
                    steps.append(.wildcard)
                } else if let number = Int(inside) {
                    steps.append(.index(number))
                } else if inside.count >= 2, let first = inside.first, first == "'" || first == "\"", inside.last == first {
                    inside.removeFirst()
                    inside.removeLast()
                    steps.append(.member(inside))
                } else {
                    throw MappingSyntaxError("[\(inside)] in JSON path \(text) must be [*], [number] or ['name']")
                }
            default:
                throw MappingSyntaxError("unexpected \"\(characters[index])\" in JSON path \(text)")
            }
        }
        self.steps = steps
        selectsSeveral = steps.contains { step in
            switch step {
            case .wildcard, .filter: true
            default: false
            }
        }
    }


    /// The one value a path of member and index steps selects, walked without intermediate arrays; nil when nothing
    /// is there or when the path has a wildcard or filter step (see ``selectsSeveral``).
    func single(root: JSONValue, current: JSONValue) -> JSONValue? {
        var value = fromRoot ? root : current
        for step in steps {
            switch (step, value) {
            case (.member(let name), .object(let members)):
                guard let member = members[name] else { return nil }
                value = member
            case (.index(let position), .array(let items)):
                let resolved = position < 0 ? items.count + position : position
                guard items.indices.contains(resolved) else { return nil }
                value = items[resolved]
            default:
                return nil
            }
        }
        return value
    }

    /// The values the path selects from `root` (for `$` paths) or from `current`.
    func select(root: JSONValue, current: JSONValue) -> [JSONValue] {
        if !selectsSeveral { return single(root: root, current: current).map { [$0] } ?? [] }
        var values = [fromRoot ? root : current]
        for step in steps {
            var next: [JSONValue] = []
            for value in values {
                switch (step, value) {
                case (.member(let name), .object(let members)):
                    if let member = members[name] { next.append(member) }
                case (.index(let position), .array(let items)):
                    let resolved = position < 0 ? items.count + position : position
                    if items.indices.contains(resolved) { next.append(items[resolved]) }
                case (.wildcard, .array(let items)):
                    next.append(contentsOf: items)
                case (.wildcard, .object(let members)):
                    next.append(contentsOf: members.keys.sorted().compactMap { members[$0] })
                case (.filter(let filter), .array(let items)):
                    next.append(contentsOf: items.filter(filter.keeps))
                case (.filter(let filter), .object(let members)):
                    next.append(contentsOf: members.keys.sorted().compactMap { members[$0] }.filter(filter.keeps))
                default:
                    break
                }
            }
            values = next
            if values.isEmpty { break }
        }
        return values
    }
}

/// A mistake in a mapping's expression syntax, located later by the compiler.
struct MappingSyntaxError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
