import Mapping

/// A line diff as HTML: added and removed lines marked, long unchanged runs folded to a few lines of context.
public enum DiffView {
    /// `old` → `new` as escaped HTML lines, one block span each (`span.add`, `span.del`, `span.ctx`), keeping `context` lines around changes.
    public static func html(from old: String?, to new: String, context: Int = 3) -> String {
        let lines = LineDiff.make(from: old, to: new).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let changed = lines.indices.filter { lines[$0].hasPrefix("+ ") || lines[$0].hasPrefix("- ") }
        guard !changed.isEmpty else { return "<span class=\"ctx\">(no change)</span>" }
        var keep = Set<Int>()
        for index in changed { for near in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(near) } }
        var out: [String] = []
        var folded = false
        for (index, line) in lines.enumerated() {
            guard keep.contains(index) else {
                if !folded { out.append("<span class=\"ctx\">…</span>") }
                folded = true
                continue
            }
            folded = false
            let kind = line.hasPrefix("+ ") ? "add" : line.hasPrefix("- ") ? "del" : "ctx"
            out.append("<span class=\"\(kind)\">" + HTML.escape(line) + "</span>")
        }
        // Each line is a block of its own in the stylesheet: no newline between them.
        return out.joined()
    }
}
