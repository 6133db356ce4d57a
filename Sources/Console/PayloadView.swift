import CanonicalModel
import Mapping

/// A stored payload as HTML for a `<pre>`: JSON pretty-printed (keys sorted) with the value at the failing path
/// marked; other text escaped as it is, with the failing element's first occurrence marked. Also the console's one
/// JSON pretty-printer for plain text.
public enum PayloadView {
    /// The payload bytes as escaped HTML, with `faultPath` (`order.status`, `lines[2].qty`, `$.a.b`) marked when found.
    public static func html(_ body: [UInt8], faultPath: String?) -> String {
        let path = faultPath.map(segments) ?? []
        if let value = try? JSONReader().parse(body) {
            var out = ""
            write(value, at: [], fault: path, indent: 0, escape: HTML.escape, into: &out)
            return out
        }
        return markedText(String(decoding: body, as: UTF8.self), fault: path.last)
    }

    /// `value` as plain indented JSON, keys sorted (for text the templates escape themselves).
    public static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, at: [], fault: [], indent: 0, escape: { $0 }, into: &out)
        return out
    }

    /// One step of a payload path: a member name or an array index.
    enum Segment: Equatable {
        case name(String)
        case index(Int)
    }

    /// `$.order.items[2].sku` (or an XPath such as `/Order/Currency`) → name(order), name(items), index(2), name(sku).
    static func segments(_ path: String) -> [Segment] {
        var text = Substring(path.replacingOccurrences(of: "/", with: "."))
        if text.hasPrefix("$") { text = text.dropFirst() }
        var result: [Segment] = []
        for part in text.split(separator: ".") {
            var rest = part
            if let bracket = rest.firstIndex(of: "[") {
                let name = rest[..<bracket]
                if !name.isEmpty { result.append(.name(String(name))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    let inner = rest[rest.index(after: rest.startIndex)..<close]
                    if let index = Int(inner) { result.append(.index(index)) } else { result.append(.name(String(inner).trimmingQuotes)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else if !rest.isEmpty {
                result.append(.name(String(rest)))
            }
        }
        return result
    }

    private static func write(
        _ value: JSONValue, at path: [Segment], fault: [Segment], indent: Int, escape: (String) -> String, into out: inout String
    ) {
        let isFault = !fault.isEmpty && path == fault
        if isFault { out += "<mark class=\"fault\">" }
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            if Self.names(missingFrom: members, at: path, fault: fault) {
                // The failing member is absent: mark where it would be.
                out += pad + "<mark class=\"fault\">(missing " + escape(describe(fault)) + ")</mark>\n"
            }
            for (offset, key) in members.keys.sorted().enumerated() {
                let child = path + [.name(key)]
                out += pad + escape(JSONString.quoted(key)) + ": "
                write(members[key] ?? .null, at: child, fault: fault, indent: indent + 1, escape: escape, into: &out)
                out += offset == members.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "}"
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                write(item, at: path + [.index(index)], fault: fault, indent: indent + 1, escape: escape, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "]"
        default:
            out += escape(value.jsonText)
        }
        if isFault { out += "</mark>" }
    }

    /// Whether `fault` names a member of this object (at `path`) that it does not have.
    static func names(missingFrom members: [String: JSONValue], at path: [Segment], fault: [Segment]) -> Bool {
        guard fault.count == path.count + 1, Array(fault.dropLast()) == path, case .name(let name)? = fault.last else { return false }
        return members[name] == nil
    }

    static func describe(_ path: [Segment]) -> String {
        path.map { segment in
            switch segment {
            case .name(let name): "." + name
            case .index(let index): "[\(index)]"
            }
        }.joined().dropFirst().description
    }

    /// Escaped text with the first element or attribute called like the last path step marked.
    private static func markedText(_ text: String, fault: Segment?) -> String {
        guard case .name(let raw)? = fault else { return HTML.escape(text) }
        let name = raw.hasPrefix("@") ? String(raw.dropFirst()) : raw.split(separator: ":").last.map(String.init) ?? raw
        let escaped = HTML.escape(text)
        for needle in ["&lt;" + name + "&gt;", "&lt;" + name + " ", ":" + name + "&gt;", " " + name + "=&quot;"] {
            guard let range = escaped.range(of: needle) else { continue }
            let end = escaped[range.upperBound...].range(of: "\n")?.lowerBound ?? escaped.endIndex
            return String(escaped[..<range.lowerBound]) + "<mark class=\"fault\">" + String(escaped[range.lowerBound..<end]) + "</mark>"
                + String(escaped[end...])
        }
        return escaped
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        var text = Substring(self)
        while let first = text.first, first == "'" || first == "\"" { text = text.dropFirst() }
        while let last = text.last, last == "'" || last == "\"" { text = text.dropLast() }
        return String(text)
    }
}
