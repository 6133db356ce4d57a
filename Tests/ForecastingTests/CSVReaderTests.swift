import Testing
@testable import Forecasting

@Suite("CSV input")
struct CSVReaderTests {
    @Test("two-column input with header, Z and offsets, gaps as missing hours")
    func readsTwoColumns() throws {
        let text = """
            timestamp,value
            2025-03-01T00:00:00Z,10
            2025-03-01T09:00:00+08:00,11
            2025-03-01T04:00:00Z,7

            """
        let series = try SeriesCSVReader.read(text: text)
        #expect(series.count == 1)
        let only = try #require(series.first)
        #expect(only.name == "")
        #expect(only.series.startHour == 1_740_787_200)
        #expect(only.series.count == 5)
        #expect(only.series.values[1] == 11)
        #expect(only.series.values[4] == 7)
        #expect(only.series.missingCount == 2)
    }

    @Test("three-column input keeps series apart in order of appearance")
    func readsThreeColumns() throws {
        let text = "series,timestamp,value\nweb,2025-03-01T00:00:00Z,1\npos,2025-03-01T00:00:00Z,5\nweb,2025-03-01T01:00:00Z,2\n"
        let series = try SeriesCSVReader.read(text: text)
        #expect(series.map(\.name) == ["web", "pos"])
        #expect(series[0].series.values == [1, 2])
        #expect(series[1].series.values == [5])
    }

    @Test(
        "malformed lines are reported by line number and code",
        arguments: [
            ("timestamp,value\n2025-03-01T00:00:00Z,1\n2025-03-01 01:00,2,3\n", 3, ForecastInputError.Code.wrongFieldCount),
            ("2025-03-01T00:00:00Z,1\n2025-13-01T01:00:00Z,2\n", 2, .badTimestamp),
            ("2025-03-01T00:00:00Z,1\n2025-03-01T01:30:00Z,2\n", 2, .notOnTheHour),
            ("2025-03-01T00:00:00Z,1\n2025-03-01T01:00:00Z,abc\n", 2, .badValue),
            ("2025-03-01T00:00:00Z,1\n2025-03-01T01:00:00Z,-4\n", 2, .negativeValue),
            ("2025-03-01T00:00:00Z,1\n2025-03-01T01:00:00Z,2\n2025-03-01T01:00:00Z,2\n", 3, .duplicateHour),
            ("2025-03-01T05:00:00Z,1\n\n2025-03-01T01:00:00Z,2\n", 3, .outOfOrder),
            ("2025-03-01T00:00:00Z,1\n2027-03-01T01:00:00Z,2\n", 2, .gapTooLong),
        ]
    )
    func reportsLine(text: String, line: Int, code: ForecastInputError.Code) {
        #expect {
            _ = try SeriesCSVReader.read(text: text)
        } throws: { error in
            guard let inputError = error as? ForecastInputError else { return false }
            return inputError.line == line && inputError.code == code && !inputError.message.isEmpty
        }
    }

    @Test("empty input is an error")
    func emptyInput() {
        #expect(throws: ForecastInputError.self) { _ = try SeriesCSVReader.read(text: "timestamp,value\n") }
    }

    @Test("timestamps round-trip through the formatter")
    func timestampRoundTrip() throws {
        for text in ["1970-01-01T00:00:00Z", "2024-02-29T23:00:00Z", "2025-12-31T05:00:00Z", "1969-12-31T23:00:00Z"] {
            #expect(ISO8601Hour.format(try ISO8601Hour.parse(Substring(text))) == text)
        }
        #expect(try ISO8601Hour.parse("2025-03-01T08:00:00.000+08:00") == ISO8601Hour.parse("2025-03-01T00:00:00Z"))
    }
}

@Suite("CSV output")
struct CSVWriterTests {
    @Test("numbers are written with two decimals")
    func twoDecimals() {
        #expect(ForecastCSVWriter.number(0) == "0.00")
        #expect(ForecastCSVWriter.number(12.345_6) == "12.35")
        #expect(ForecastCSVWriter.number(3.004) == "3.00")
        #expect(ForecastCSVWriter.number(-1.5) == "-1.50")
        #expect(ForecastCSVWriter.number(1_234_567.891) == "1234567.89")
    }

    @Test("forecast rows carry the series name for multi-series input")
    func forecastRows() {
        var writer = ForecastCSVWriter(named: true)
        writer.writeForecastHeader()
        writer.writeForecast(
            Forecast(method: .seasonalNaiveDaily, points: [ForecastPoint(hour: 0, value: 1, lower80: 0.5, upper80: 1.5, lower95: 0, upper95: 2)]),
            series: "web"
        )
        #expect(writer.drain() == "series,timestamp,forecast,lo80,hi80,lo95,hi95\nweb,1970-01-01T00:00:00Z,1.00,0.50,1.50,0.00,2.00\n")
        #expect(writer.text.isEmpty)
    }
}
