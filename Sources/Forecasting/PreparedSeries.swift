/// A series ready for fitting: trimmed, promotions masked, gaps imputed, outliers replaced.
struct PreparedSeries: Sendable {
    /// Unix seconds of the first kept hour.
    let startHour: Int64
    /// Cleaned values, no `nan`.
    let values: [Double]
    /// What was found and changed.
    let report: DataQualityReport

    /// Prepares the most recent `configuration.maximumHistoryHours` of `series`; promotions and holidays' days are
    /// imputed from their neighbours.
    init(_ series: HourlySeries, configuration: ForecastConfiguration) {
        let kept = series.suffix(max(configuration.maximumHistoryHours, 1))
        var masked = kept.values
        var promotionHours: [Int] = []
        if !configuration.promotions.isEmpty || !configuration.holidays.isEmpty {
            for index in masked.indices where configuration.masks(hour: kept.hour(at: index)) {
                promotionHours.append(index)
                masked[index] = .nan
            }
        }
        let (imputed, imputedIndices) = GapImputer.impute(masked)
        let (cleaned, outlierIndices) = OutlierScreen.screen(imputed, threshold: configuration.outlierThreshold)
        let originalGaps = Set(imputedIndices).subtracting(promotionHours)
        let promotionReports = configuration.promotions.compactMap { period -> PromotionReport? in
            var observedHours = 0
            var observedTotal = 0.0
            var baselineTotal = 0.0
            for index in promotionHours where period.contains(hour: kept.hour(at: index)) && !kept.values[index].isNaN {
                observedHours += 1
                observedTotal += kept.values[index]
                baselineTotal += cleaned[index]
            }
            guard observedHours > 0 else { return nil }
            return PromotionReport(period: period, observedHours: observedHours, observedTotal: observedTotal, baselineTotal: baselineTotal)
        }
        startHour = kept.startHour
        values = cleaned
        report = DataQualityReport(
            imputedHours: originalGaps.sorted().map { kept.hour(at: $0) },
            outlierHours: outlierIndices.map { kept.hour(at: $0) },
            closedHours: ClosedHours.detect(values: masked, startHour: kept.startHour, share: configuration.closedHourShare),
            promotions: promotionReports,
            droppedHours: series.count - kept.count
        )
    }

    /// Hour number (Unix seconds / 3600) of the first kept hour.
    var startHourNumber: Int64 { startHour / HourlySeries.secondsPerHour }
}
