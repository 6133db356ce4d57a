/// A line diff between two texts: unchanged lines prefixed with two spaces, removed with `- `, added with `+ `.
public enum LineDiff {
    /// The largest comparison table computed (lines before × lines after).
    public static let maxCells = 4_000_000

    /// The diff of `old` to `new`; with no `old`, every line is added.
    public static func make(from old: String?, to new: String) -> String {
        let before = old.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The table is before × after cells; beyond a few million the diff is summarised instead.
        guard before.count * after.count <= maxCells else {
            return "(diff omitted: \(before.count) lines before, \(after.count) lines after)"
        }
        // Longest common subsequence table, bottom-up; mapping files are small.
        var table = [[Int]](repeating: [Int](repeating: 0, count: after.count + 1), count: before.count + 1)
        for i in stride(from: before.count - 1, through: 0, by: -1) {
            for j in stride(from: after.count - 1, through: 0, by: -1) {
                table[i][j] = before[i] == after[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [String] = []
        var i = 0
        var j = 0
        while i < before.count || j < after.count {
            if i < before.count, j < after.count, before[i] == after[j] {
                lines.append("  " + before[i])
                i += 1
                j += 1
            } else if i < before.count, j == after.count || table[i + 1][j] >= table[i][j + 1] {
                lines.append("- " + before[i])
                i += 1
            } else {
                lines.append("+ " + after[j])
                j += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
