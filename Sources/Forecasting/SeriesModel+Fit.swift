extension SeriesModel {
    /// Fits a model to `series`: prepares it, scores every candidate by rolling-origin backtest, keeps the best.
    public static func fit(_ series: HourlySeries, configuration: ForecastConfiguration = ForecastConfiguration()) -> SeriesModel {
        let prepared = PreparedSeries(series, configuration: configuration)
        let holidayEffects = HolidayEffects(series: series, holidays: configuration.holidays, prepared: prepared)
        guard let backtest = SelectionBacktest(prepared, configuration: configuration), let best = backtest.ranked.first else {
            return fixedModel(prepared, configuration: configuration, holidayEffects: holidayEffects)
        }
        return SeriesModel(
            method: best.method,
            candidateScores: backtest.ranked.map { CandidateScore(method: $0.method, wape: backtest.wape($0)) },
            prepared: prepared,
            holtWinters: backtest.holtWintersStates,
            calibration: IntervalCalibration(originForecasts: best.forecasts, origins: backtest.origins, actual: prepared.values),
            configuration: configuration,
            holidayEffects: holidayEffects
        )
    }

    /// Model for histories too short to backtest: Holt-Winters (√ scale, default weights) from two weeks, else daily naive.
    private static func fixedModel(_ prepared: PreparedSeries, configuration: ForecastConfiguration, holidayEffects: HolidayEffects) -> SeriesModel {
        let scaled = prepared.values.map(VarianceTransform.squareRoot.forward)
        var state = DoubleSeasonalState(initialisingFrom: scaled[...], firstHourNumber: prepared.startHourNumber, parameters: .start)
        if state != nil {
            for value in scaled { state?.observe(value) }
        }
        return SeriesModel(
            method: state == nil ? .seasonalNaiveDaily : .holtWinters(.squareRoot),
            candidateScores: [],
            prepared: prepared,
            holtWinters: state.map { [.squareRoot: $0] } ?? [:],
            calibration: IntervalCalibration(dayAheadErrorsOf: prepared.values),
            configuration: configuration,
            holidayEffects: holidayEffects
        )
    }
}
