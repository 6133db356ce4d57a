import Testing
@testable import Forecasting

@Suite("Incremental updates")
struct IncrementalUpdateTests {
    /// Longer than the 16-week fitting window, so a refit also starts its window one hour later.
    static let weeks = 18

    @Test("one update matches a full refit of the same model within 1 % of the mean forecast")
    func oneHourMatchesRefit() throws {
        let full = SyntheticDemand.series(weeks: Self.weeks, noise: 1.0, seed: 21)
        let history = full.prefix(full.count - 1)
        var model = SeriesModel.fit(history)
        #expect(model.update(value: full.values[full.count - 1]) == .accepted)
        let refit = SeriesModel.fit(full)
        #expect(model.nextHour == refit.nextHour)
        let updated = model.pointForecast(horizon: 72)
        // The refit may pick a neighbouring candidate of near-equal score; the update is judged on the same model.
        let refitted = refit.pointForecast(of: model.method, horizon: 72)
        let meanLevel = refitted.reduce(0, +) / 72
        // The refit also searches the Holt-Winters weights again on origins an hour later; on this series that moves
        // the square-root weights by one grid step (delta 0.02 → 0, phi 0.5 → 0), worth about 0.7 %.
        #expect(SyntheticDemand.meanAbsoluteDifference(updated, refitted) / meanLevel < 0.01)
    }

    @Test("a day of updates stays within 2 % of a full refit")
    func dayMatchesRefit() throws {
        let full = SyntheticDemand.series(weeks: Self.weeks, noise: 1.0, seed: 22)
        var model = SeriesModel.fit(full.prefix(full.count - 24))
        for value in full.values.suffix(24) { model.update(value: value) }
        let refitted = SeriesModel.fit(full).pointForecast(horizon: 72)
        let meanLevel = refitted.reduce(0, +) / 72
        #expect(SyntheticDemand.meanAbsoluteDifference(model.pointForecast(horizon: 72), refitted) / meanLevel < 0.02)
        #expect(model.updateCount == 24)
    }

    @Test("an absurd update is flagged and replaced; a missing one is imputed")
    func flagsBadUpdates() throws {
        let series = SyntheticDemand.series(weeks: 8, noise: 1.0, seed: 23)
        var model = SeriesModel.fit(series)
        let before = model.pointForecast(horizon: 72)
        let hour = model.nextHour
        guard case .outlier = model.update(value: 50_000) else {
            Issue.record("expected the spike to be flagged")
            return
        }
        #expect(model.flaggedOutlierHours == [hour])
        guard case .imputed = model.update(value: .nan) else {
            Issue.record("expected the missing hour to be imputed")
            return
        }
        let after = model.pointForecast(horizon: 70)
        let meanLevel = before.reduce(0, +) / 72
        #expect(SyntheticDemand.meanAbsoluteDifference(Array(before.suffix(70)), after) / meanLevel < 0.02)
    }
}
