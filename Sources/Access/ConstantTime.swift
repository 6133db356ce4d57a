/// Comparisons whose duration does not depend on where the inputs differ.
public enum ConstantTime {
    /// True when `left` and `right` hold the same bytes; the time taken depends only on their lengths.
    public static func equal(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}
