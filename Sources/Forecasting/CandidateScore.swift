/// How a candidate model scored in the per-series selection backtest.
public struct CandidateScore: Sendable, Equatable {
    /// The candidate.
    public let method: ForecastMethod
    /// Weighted absolute percentage error over the selection origins (0.12 = 12 %).
    public let wape: Double
}
