/// Smoothing weights of the double-seasonal Holt-Winters model.
public struct DoubleSeasonalParameters: Sendable, Equatable, CustomStringConvertible {
    /// Level smoothing weight.
    public var alpha: Double
    /// Daily (24 h) seasonal smoothing weight.
    public var delta: Double
    /// Weekly (168 h) seasonal smoothing weight.
    public var omega: Double
    /// AR(1) coefficient on the one-step residual.
    public var phi: Double

    /// Creates parameters.
    public init(alpha: Double, delta: Double, omega: Double, phi: Double) {
        self.alpha = alpha
        self.delta = delta
        self.omega = omega
        self.phi = phi
    }

    /// Starting point of the parameter search.
    static let start = DoubleSeasonalParameters(alpha: 0.03, delta: 0.05, omega: 0.1, phi: 0.5)

    /// `alpha=… delta=… omega=… phi=…`.
    public var description: String { "alpha=\(alpha) delta=\(delta) omega=\(omega) phi=\(phi)" }
}
