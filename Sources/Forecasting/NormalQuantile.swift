import Foundation

/// Standard normal quantiles (the z of a service level), found by bisection on the normal CDF.
public enum NormalQuantile {
    /// z such that P(Z ≤ z) = `probability` for a standard normal Z; `probability` is clamped to (1e-9, 1 − 1e-9).
    public static func z(_ probability: Double) -> Double {
        let target = min(max(probability, 1e-9), 1 - 1e-9)
        var low = -10.0
        var high = 10.0
        for _ in 0..<80 {
            let middle = (low + high) / 2
            if cumulative(middle) < target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(Z ≤ z) for a standard normal Z.
    public static func cumulative(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
