/// A fitted forecasting model for one series: forecasts the next hours and takes each closed hour incrementally.
///
/// ```swift
/// var model = SeriesModel.fit(series)
/// let next72 = model.forecast(horizon: 72)
/// model.update(value: 41)   // the hour after the history closed with 41 orders
/// ```
public struct SeriesModel: Sendable {
    /// Relative standard error of a holiday lift learned from few past years; widens intervals on holidays' days.
    static let holidayLiftSpread = 0.25
    /// Longest weekly-median window a model can use, in weeks.
    static let recentWeeks = 12

    /// The selected model.
    public let method: ForecastMethod
    /// Every candidate's selection score, best first.
    public let candidateScores: [CandidateScore]
    /// What preparation found in the fitted history.
    public let dataQuality: DataQualityReport
    /// Double-seasonal weights fitted on each scale (used when the method includes Holt-Winters).
    public var holtWintersParameters: [VarianceTransform: DoubleSeasonalParameters] {
        holtWinters.mapValues(\.parameters)
    }
    /// Unix seconds of the next hour the model expects (`update(value:)` fills it).
    public private(set) var nextHour: Int64
    /// Hours taken by `update(value:)` since the fit.
    public private(set) var updateCount = 0
    /// Hours (Unix seconds) of updates flagged as outliers and replaced by the forecast.
    public private(set) var flaggedOutlierHours: [Int64] = []

    let configuration: ForecastConfiguration
    var holtWinters: [VarianceTransform: DoubleSeasonalState]
    var recent: [Double]
    let calibration: IntervalCalibration
    let closedHours: ClosedHours
    let holidayEffects: HolidayEffects

    init(
        method: ForecastMethod, candidateScores: [CandidateScore], prepared: PreparedSeries,
        holtWinters: [VarianceTransform: DoubleSeasonalState],
        calibration: IntervalCalibration, configuration: ForecastConfiguration, holidayEffects: HolidayEffects = .none
    ) {
        self.holidayEffects = holidayEffects
        self.method = method
        self.candidateScores = candidateScores
        self.dataQuality = prepared.report
        self.holtWinters = holtWinters
        self.recent = Array(prepared.values.suffix(Self.recentWeeks * 168))
        self.calibration = calibration
        self.closedHours = prepared.report.closedHours
        self.configuration = configuration
        self.nextHour = prepared.startHour + Int64(prepared.values.count) * HourlySeries.secondsPerHour
    }

    /// Point forecasts for the next `horizon` hours: never negative, zero in closed hours, holidays' days moved by
    /// what the same holiday did in past years.
    public func pointForecast(horizon: Int) -> [Double] {
        holidayAdjusted(pointForecast(of: method, horizon: horizon))
    }

    /// Forecasts for the hours from ``nextHour`` on, multiplied by the holiday lift of each hour.
    func holidayAdjusted(_ forecast: [Double]) -> [Double] {
        guard !holidayEffects.holidays.isEmpty else { return forecast }
        var values = forecast
        for step in values.indices {
            values[step] *= holidayEffects.lift(hour: nextHour + Int64(step) * HourlySeries.secondsPerHour).lift
        }
        return values
    }

    /// Point forecasts of any candidate `method` from this model's state (the selected one or another).
    func pointForecast(of method: ForecastMethod, horizon: Int) -> [Double] {
        let firstHourNumber = nextHour / HourlySeries.secondsPerHour
        let history = recent[...]
        let raw: [Double]
        var transform = VarianceTransform.identity
        switch method {
        case .seasonalNaiveDaily:
            raw = SeasonalProfileForecasts.seasonalNaive(history, period: 24, horizon: horizon)
        case .seasonalNaiveWeekly:
            raw = SeasonalProfileForecasts.seasonalNaive(history, period: 168, horizon: horizon)
        case .weeklyMedian(let weeks):
            raw = SeasonalProfileForecasts.weeklyMedian(history, weeks: weeks, horizon: horizon)
        case .levelledProfile(let weeks, let levelWeeks, let trend):
            raw = LevelledWeeklyProfile.forecast(history, weeks: weeks, levelWeeks: levelWeeks, trend: trend, horizon: horizon)
        case .holtWinters(let scale):
            if let state = holtWinters[scale] {
                raw = state.forecast(horizon: horizon)
                transform = scale
            } else {
                raw = SeasonalProfileForecasts.seasonalNaive(history, period: 24, horizon: horizon)
            }
        case .combination(let members):
            var sum = [Double](repeating: 0, count: horizon)
            for member in members {
                for (step, value) in pointForecast(of: member, horizon: horizon).enumerated() { sum[step] += value }
            }
            raw = sum.map { $0 / Double(max(members.count, 1)) }
        }
        return PointForecastShaping.shape(raw, transform: transform, firstHourNumber: firstHourNumber, closedHours: closedHours)
    }

    /// Forecast for the next `horizon` hours with 80 % and 95 % intervals.
    public func forecast(horizon: Int) -> Forecast {
        let baseline = pointForecast(of: method, horizon: horizon)
        let points = baseline.enumerated().map { step, base in
            let hour = nextHour + Int64(step) * HourlySeries.secondsPerHour
            let holiday = holidayEffects.lift(hour: hour)
            let value = base * holiday.lift
            if closedHours.isClosed(hour: hour) || (holiday.inHoliday && holiday.lift == 0) {
                return ForecastPoint(hour: hour, value: 0, lower80: 0, upper80: 0, lower95: 0, upper95: 0)
            }
            var (lower80, upper80, lower95, upper95) = calibration.bounds(forecast: value, step: step)
            if holiday.inHoliday {
                // The lift's own error (a relative spread) adds to the model's, as independent errors do.
                func widen(_ bound: Double, z: Double) -> Double {
                    let extra = z * Self.holidayLiftSpread * value
                    let distance = (bound - value) * (bound - value) + extra * extra
                    return bound < value ? max(value - distance.squareRoot(), 0) : value + distance.squareRoot()
                }
                (lower80, upper80) = (widen(lower80, z: 1.2816), widen(upper80, z: 1.2816))
                (lower95, upper95) = (widen(lower95, z: 1.96), widen(upper95, z: 1.96))
            }
            return ForecastPoint(hour: hour, value: value, lower80: lower80, upper80: upper80, lower95: lower95, upper95: upper95)
        }
        return Forecast(method: method, points: points)
    }

    /// What `update(value:)` did with a value.
    public enum UpdateOutcome: Sendable, Equatable {
        /// Used as observed.
        case accepted
        /// Missing (`nan`), inside a declared promotion or on a holiday's days: the baseline forecast was used in its place.
        case imputed(Double)
        /// Too far from the forecast: flagged, and the forecast was used in its place.
        case outlier(replacedBy: Double)
    }

    /// Takes the value of the hour `nextHour` (closed hour) and advances one hour, keeping the fitted weights.
    @discardableResult
    public mutating func update(value: Double) -> UpdateOutcome {
        let expected = pointForecast(of: method, horizon: 1)[0]
        let outcome: UpdateOutcome
        if value.isNaN || !value.isFinite || configuration.masks(hour: nextHour) {
            outcome = .imputed(expected)
        } else if isOutlier(value, expected: expected) {
            outcome = .outlier(replacedBy: expected)
            flaggedOutlierHours.append(nextHour)
        } else {
            outcome = .accepted
        }
        let used: Double
        switch outcome {
        case .accepted: used = max(value, 0)
        case .imputed(let replacement), .outlier(let replacement): used = replacement
        }
        for scale in holtWinters.keys { holtWinters[scale]?.observe(scale.forward(used)) }
        recent.append(used)
        if recent.count > 2 * Self.recentWeeks * 168 { recent.removeFirst(recent.count - Self.recentWeeks * 168) }
        nextHour += HourlySeries.secondsPerHour
        updateCount += 1
        return outcome
    }

    private func isOutlier(_ value: Double, expected: Double) -> Bool {
        guard !closedHours.isClosed(hour: nextHour) else { return false }
        let spread = max(calibration.oneStepScaledSpread, 0.5)
        return abs(value - expected) / max(expected, 1).squareRoot() > configuration.outlierThreshold * spread
    }
}
