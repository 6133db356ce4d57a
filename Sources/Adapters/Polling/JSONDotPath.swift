import CanonicalModel

/// `a.b.c` paths into a parsed JSON value; an empty path is the value itself.
enum JSONDotPath {
    static func value(_ path: String, in root: JSONValue) -> JSONValue? {
        guard !path.isEmpty else { return root }
        var current = root
        for key in path.split(separator: ".") {
            guard let next = current[String(key)] else { return nil }
            current = next
        }
        return current
    }
}
