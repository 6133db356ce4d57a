/// Scale a model is fitted on; square root steadies count-like variance, and its back-transform gives a median.
public enum VarianceTransform: String, Sendable, Equatable {
    /// Values as they are.
    case identity
    /// Square roots of the values.
    case squareRoot = "sqrt"

    /// Value on the fitting scale.
    func forward(_ value: Double) -> Double {
        switch self {
        case .identity: return value
        case .squareRoot: return max(value, 0).squareRoot()
        }
    }

    /// Value back on the data scale (never negative for `squareRoot`).
    func backward(_ value: Double) -> Double {
        switch self {
        case .identity: return value
        case .squareRoot: return value > 0 ? value * value : 0
        }
    }
}
