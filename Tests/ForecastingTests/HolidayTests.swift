import Testing
@testable import Forecasting

/// Holidays from a tenant's calendar: last year's lift applied block by block, kept out of the fit, declared lifts.
@Suite("Holiday calendar")
struct HolidayTests {
    static let day: Int64 = 86_400
    /// 30 weeks of synthetic demand: the history ends on a Monday, day 210.
    static let weeks = 30

    static func dayStart(_ day: Int) -> Int64 { SyntheticDemand.start + Int64(day) * Self.day }

    /// Multiplies the hours of `day` (or only `hours` of it) by `factor`.
    static func scale(_ series: inout HourlySeries, day: Int, hours: Range<Int> = 0..<24, by factor: Double) {
        for hour in hours { series.values[day * 24 + hour] = (series.values[day * 24 + hour] * factor).rounded() }
    }

    static func total(_ forecast: Forecast, day: Int, hours: Range<Int> = 0..<24) -> Double {
        let first = dayStart(day)
        return forecast.points.filter { $0.hour >= first + Int64(hours.lowerBound) * 3600 && $0.hour < first + Int64(hours.upperBound) * 3600 }
            .reduce(0) { $0 + $1.value }
    }

    @Test("last year's holiday moves this year's days block by block: the day before up, the day itself down, one evening up")
    func learnedLift() throws {
        var series = SyntheticDemand.series(weeks: Self.weeks, seed: 21)
        let baseline = SeriesModel.fit(series).forecast(horizon: 96)
        Self.scale(&series, day: 99, by: 1.5)
        Self.scale(&series, day: 100, by: 0.3)
        Self.scale(&series, day: 101, hours: 16..<20, by: 3)
        let calendar = [
            Holiday(label: "Founders Day", dayStart: Self.dayStart(100), daysBefore: 1, daysAfter: 1),
            Holiday(label: "Founders Day", dayStart: Self.dayStart(212), daysBefore: 1, daysAfter: 1),
        ]
        let forecast = SeriesModel.fit(series, configuration: ForecastConfiguration(holidays: calendar)).forecast(horizon: 96)
        let before = Self.total(forecast, day: 211) / Self.total(baseline, day: 211)
        let holiday = Self.total(forecast, day: 212) / Self.total(baseline, day: 212)
        let evening = Self.total(forecast, day: 213, hours: 16..<20) / Self.total(baseline, day: 213, hours: 16..<20)
        let morning = Self.total(forecast, day: 213, hours: 0..<16) / Self.total(baseline, day: 213, hours: 0..<16)
        let ordinary = Self.total(forecast, day: 210) / Self.total(baseline, day: 210)
        #expect(abs(before - 1.5) < 0.15, "day before: \(before)")
        #expect(abs(holiday - 0.3) < 0.05, "holiday: \(holiday)")
        #expect(abs(evening - 3) < 0.3, "evening after: \(evening)")
        #expect(abs(morning - 1) < 0.1, "rest of the day after: \(morning)")
        #expect(abs(ordinary - 1) < 0.05, "an ordinary day moved: \(ordinary)")
    }

    @Test("a holiday's days in the history are kept out of the fit, so next week is not forecast low")
    func maskedFromFit() throws {
        let clean = SyntheticDemand.series(weeks: Self.weeks, seed: 22)
        var closedLastWeek = clean
        Self.scale(&closedLastWeek, day: 205, by: 0.1)
        let horizon = 72
        let cleanNext = SeriesModel.fit(clean).forecast(horizon: horizon)
        let unmasked = SeriesModel.fit(closedLastWeek).forecast(horizon: horizon)
        let calendar = [Holiday(label: "Closure", dayStart: Self.dayStart(205))]
        let masked = SeriesModel.fit(closedLastWeek, configuration: ForecastConfiguration(holidays: calendar)).forecast(horizon: horizon)
        let cleanTotal = cleanNext.values.reduce(0, +)
        #expect(abs(masked.values.reduce(0, +) / cleanTotal - 1) < 0.03)
        #expect(unmasked.values.reduce(0, +) < masked.values.reduce(0, +), "the closed day pulled nothing down even unmasked")
    }

    @Test("a holiday no past year shows uses its declared lift: 0 closes the day with zero-width intervals, the days around stay")
    func declaredClosure() throws {
        let series = SyntheticDemand.series(weeks: Self.weeks, seed: 23)
        let baseline = SeriesModel.fit(series).forecast(horizon: 96)
        let calendar = [Holiday(label: "Stocktake", dayStart: Self.dayStart(212), expectedLift: 0)]
        let forecast = SeriesModel.fit(series, configuration: ForecastConfiguration(holidays: calendar)).forecast(horizon: 96)
        let closed = forecast.points.filter { $0.hour >= Self.dayStart(212) && $0.hour < Self.dayStart(213) }
        #expect(closed.count == 24)
        #expect(closed.allSatisfy { $0.value == 0 && $0.upper95 == 0 && $0.lower95 == 0 })
        #expect(Self.total(forecast, day: 211) == Self.total(baseline, day: 211))
        #expect(Self.total(forecast, day: 213) == Self.total(baseline, day: 213))
    }

    @Test("without a declared lift, an unseen holiday is forecast like the quietest day of the week")
    func quietestDay() throws {
        let series = SyntheticDemand.series(weeks: Self.weeks, seed: 24)
        let baseline = SeriesModel.fit(series).forecast(horizon: 168)
        let saturday = 215
        let calendar = [Holiday(label: "Election Day", dayStart: Self.dayStart(saturday))]
        let forecast = SeriesModel.fit(series, configuration: ForecastConfiguration(holidays: calendar)).forecast(horizon: 168)
        let ratio = Self.total(forecast, day: saturday) / Self.total(baseline, day: saturday)
        #expect(abs(ratio - 1 / 1.5) < 0.05, "a Saturday holiday came out at \(ratio) of a Saturday; weekdays are 1/1.5 of it")
    }

    @Test("a forecast book applies a tenant's own holidays to that tenant's series only")
    func tenantHolidaysInTheBook() async throws {
        let series = SyntheticDemand.series(weeks: Self.weeks, seed: 26)
        let stocktake = Holiday(label: "Stocktake", dayStart: Self.dayStart(211), expectedLift: 0)
        let book = ForecastBook(tenantHolidays: ["acme": [stocktake]])
        await book.load(series: "acme|total", history: series)
        await book.load(series: "globex|total", history: series)
        let acme = try #require(await book.forecast(series: "acme|total", horizon: 72))
        let globex = try #require(await book.forecast(series: "globex|total", horizon: 72))
        #expect(Self.total(acme, day: 211) == 0)
        #expect(Self.total(globex, day: 211) > 1_000)
        #expect(Self.total(acme, day: 210) == Self.total(globex, day: 210))
    }

    @Test("intervals on a holiday's days are wider than the model's own, and its hours are imputed when they arrive")
    func widerIntervalsAndImputedUpdates() throws {
        var series = SyntheticDemand.series(weeks: Self.weeks, seed: 25)
        Self.scale(&series, day: 100, by: 0.5)
        let calendar = [
            Holiday(label: "Founders Day", dayStart: Self.dayStart(100)),
            Holiday(label: "Founders Day", dayStart: Self.dayStart(210)),
        ]
        var model = SeriesModel.fit(series, configuration: ForecastConfiguration(holidays: calendar))
        let forecast = model.forecast(horizon: 48)
        for (step, point) in forecast.points.enumerated() where point.value > 10 {
            let own = model.calibration.bounds(forecast: point.value, step: step)
            if point.hour < Self.dayStart(211) {
                #expect(point.upper80 - point.lower80 > own.1 - own.0, "hour \(step) on the holiday")
                #expect(point.upper95 - point.lower95 > own.3 - own.2, "hour \(step) on the holiday")
            } else {
                #expect(point.upper80 - point.lower80 == own.1 - own.0, "hour \(step) after the holiday")
            }
        }
        guard case .imputed = model.update(value: 5_000) else {
            Issue.record("an hour on a holiday was taken as observed")
            return
        }
    }
}

/// The holiday calendar file: `label,date,days_before,days_after,lift`.
@Suite("Holiday calendar CSV")
struct HolidayCalendarCSVTests {
    @Test("reads holidays with offsets, optional day counts and lifts; skips comments and blank lines")
    func reads() throws {
        let text = """
            # Singapore store calendar
            label,date,days_before,days_after,lift
            Christmas Day,2026-12-25T00:00:00+08:00,5,6,
            Singles Day,2026-11-11T00:00:00+08:00,,,

            Stocktake,2026-06-30T00:00:00Z,0,0,0
            """
        let holidays = try HolidayCalendarCSV.parse(text)
        #expect(holidays.count == 3)
        #expect(holidays[0] == Holiday(label: "Christmas Day", dayStart: 1_798_128_000, daysBefore: 5, daysAfter: 6))
        #expect(holidays[0].windowStart == 1_798_128_000 - 5 * 86_400)
        #expect(holidays[0].windowEnd == 1_798_128_000 + 7 * 86_400)
        #expect(holidays[1].daysBefore == 0 && holidays[1].expectedLift == nil)
        #expect(holidays[2].expectedLift == 0)
    }

    @Test("bad rows are refused with their line and a stable code", arguments: [
        ("label,date\nX,2026-13-01T00:00:00Z", 2, ForecastInputError.Code.badTimestamp),
        ("label,date\nX,2026-12-25T00:30:00Z", 2, .badTimestamp),
        ("label,date,days_before\nX,2026-12-25T00:00:00Z,40", 2, .badValue),
        ("label,date,days_before,days_after,lift\n\nX,2026-12-25T00:00:00Z,1,1,-2", 3, .badValue),
        ("label,date\n,2026-12-25T00:00:00Z", 2, .badValue),
        ("label,date\nX", 2, .wrongFieldCount),
        ("Christmas,2026-12-25T00:00:00Z", 1, .wrongFieldCount),
    ])
    func refuses(text: String, line: Int, code: ForecastInputError.Code) throws {
        do {
            _ = try HolidayCalendarCSV.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.code == code)
        }
    }
}
