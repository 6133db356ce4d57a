/// Chooses double-seasonal Holt-Winters weights by the absolute error of multi-hour forecasts from past origins.
///
/// One filter pass per candidate: at each origin the state forecasts `horizon` hours before it sees them, so
/// the score is the same multi-step error the model is selected on. Coordinate descent over small grids.
enum HoltWintersSearch {
    /// Result of a search: weights, end state, and back-transformed forecasts at each origin.
    struct Outcome {
        let state: DoubleSeasonalState
        let originForecasts: [[Double]]
        let score: Double
    }

    static let alphaGrid = [0.0, 0.01, 0.03, 0.1, 0.2]
    static let deltaGrid = [0.0, 0.02, 0.05, 0.1, 0.2]
    static let omegaGrid = [0.0, 0.03, 0.1, 0.2, 0.35]
    static let phiGrid = [0.0, 0.5, 0.9]
    /// Rounds of coordinate descent over the four weights.
    static let rounds = 2

    /// Best weights for `values` on the `transform` scale; nil when there is too little history.
    static func search(
        values: [Double], firstHourNumber: Int64, transform: VarianceTransform,
        origins: [Int], horizon: Int, closedHours: ClosedHours
    ) -> Outcome? {
        let scaled = values.map(transform.forward)
        var best = DoubleSeasonalParameters.start
        guard var bestOutcome = run(scaled, values, firstHourNumber, transform, best, origins, horizon, closedHours) else { return nil }
        for _ in 0..<rounds {
            var improved = false
            for coordinate in 0..<4 {
                let grid = [alphaGrid, deltaGrid, omegaGrid, phiGrid][coordinate]
                for candidateValue in grid {
                    var candidate = best
                    switch coordinate {
                    case 0: candidate.alpha = candidateValue
                    case 1: candidate.delta = candidateValue
                    case 2: candidate.omega = candidateValue
                    default: candidate.phi = candidateValue
                    }
                    guard candidate != best,
                          let outcome = run(scaled, values, firstHourNumber, transform, candidate, origins, horizon, closedHours),
                          outcome.score < bestOutcome.score
                    else { continue }
                    best = candidate
                    bestOutcome = outcome
                    improved = true
                }
            }
            if !improved { break }
        }
        return bestOutcome
    }

    /// Runs the filter over all values with fixed weights, forecasting at each origin (ascending indices).
    static func run(
        _ scaled: [Double], _ actual: [Double], _ firstHourNumber: Int64, _ transform: VarianceTransform,
        _ parameters: DoubleSeasonalParameters, _ origins: [Int], _ horizon: Int, _ closedHours: ClosedHours
    ) -> Outcome? {
        guard var state = DoubleSeasonalState(initialisingFrom: scaled[...], firstHourNumber: firstHourNumber, parameters: parameters)
        else { return nil }
        var forecasts: [[Double]] = []
        forecasts.reserveCapacity(origins.count)
        var score = 0.0
        var nextOrigin = 0
        for index in scaled.indices {
            if nextOrigin < origins.count, origins[nextOrigin] == index {
                let forecast = PointForecastShaping.shape(
                    state.forecast(horizon: horizon), transform: transform,
                    firstHourNumber: firstHourNumber + Int64(index), closedHours: closedHours
                )
                for step in 0..<horizon where index + step < actual.count {
                    score += abs(actual[index + step] - forecast[step])
                }
                forecasts.append(forecast)
                nextOrigin += 1
            }
            state.observe(scaled[index])
        }
        return Outcome(state: state, originForecasts: forecasts, score: score)
    }
}

/// Turns model output into usable point forecasts: back-transformed, zero in closed hours, never negative.
enum PointForecastShaping {
    static func shape(_ raw: [Double], transform: VarianceTransform, firstHourNumber: Int64, closedHours: ClosedHours) -> [Double] {
        var shaped = raw
        var slot = HourlySeries.hourOfWeek(firstHourNumber * HourlySeries.secondsPerHour)
        for step in shaped.indices {
            shaped[step] = closedHours.closedSlots[slot] ? 0 : max(transform.backward(raw[step]), 0)
            slot = slot == 167 ? 0 : slot + 1
        }
        return shaped
    }
}
