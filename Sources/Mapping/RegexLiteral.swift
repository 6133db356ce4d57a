/// The longest run of plain characters a regular expression's every match must contain.
///
/// Conservative: patterns with alternation at the top level, inline options or `\Q` quoting get none, and so
/// does any character under a quantifier that allows zero (`?`, `*`, `{…}`) or inside a group or class.
enum RegexLiteral {
    static func required(in pattern: String) -> String? {
        let characters = Array(pattern.unicodeScalars)
        var best: [Unicode.Scalar] = []
        var run: [Unicode.Scalar] = []
        var lastAtomInRun = false
        func endRun() {
            if run.count > best.count { best = run }
            run = []
            lastAtomInRun = false
        }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let escaped = characters[index + 1]
                index += 2
                if !escaped.isASCII || ("0"..."9").contains(escaped) { return nil }
                if escaped.properties.isAlphabetic {
                    // Escapes that take arguments (`\x41`, `\p{L}`, `\N{…}`) or quote (`\Q`) are not followed.
                    guard Self.classEscapes.contains(escaped) else { return nil }
                    endRun()
                } else {
                    run.append(escaped)
                    lastAtomInRun = true
                }
                continue
            case "[":
                guard let end = closingBracket(characters, from: index) else { return nil }
                endRun()
                index = end + 1
                continue
            case "(":
                if index + 1 < characters.count, characters[index + 1] == "?" { return nil }
                guard let end = closingParenthesis(characters, from: index) else { return nil }
                endRun()
                index = end + 1
                continue
            case "|":
                return nil
            case "*", "?", "{":
                if lastAtomInRun { run.removeLast() }
                endRun()
                if character == "{" {
                    guard let end = characters[index...].firstIndex(of: "}") else { return nil }
                    index = end + 1
                    continue
                }
            case "+":
                endRun()
            case ".", "^", "$":
                endRun()
            default:
                run.append(character)
                lastAtomInRun = true
            }
            index += 1
        }
        endRun()
        guard !best.isEmpty else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: best)
        return text
    }

    /// Escapes standing for one character of a class, or for a position, without arguments.
    private static let classEscapes = Set("dDsSwWbBAzZGntrfevhHRX".unicodeScalars)

    /// The index of the `]` closing the class opened at `start`, through escapes and nested classes; nil for a
    /// class whose first member is `]` (read differently by different engines, so not followed).
    private static func closingBracket(_ characters: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                let previous = characters[index - 1]
                if previous == "[" || previous == "^" && index >= 2 && characters[index - 2] == "[" { return nil }
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The index of the `)` closing the group opened at `start`, through escapes, classes and nested groups.
    private static func closingParenthesis(_ characters: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "[":
                guard let end = closingBracket(characters, from: index) else { return nil }
                index = end
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }
}
