import ArgumentParser
import Console
import Forecasting
import Foundation

/// `channelgate forecast --input FILE.csv --horizon H`: hourly forecasts with intervals, or a rolling-origin backtest.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast hourly series from CSV (timestamp,value or series,timestamp,value).",
        discussion: """
            Prints timestamp,forecast,lo80,hi80,lo95,hi95 for the next H hours after each series (a series column \
            first for three-column input). With --backtest N, prints rolling-origin accuracy of the selected model \
            and the seasonal-naive baselines instead (MASE scaled by the weekly seasonal naive, m = 168), and on standard \
            error the model each series gets now with the selection WAPE of every candidate; with --explain, also a \
            backtest row per candidate model. --holidays FILE reads a holiday calendar \
            (label,date,days_before,days_after,lift; date = local midnight with its offset).
            """
    )

    @Option(name: .long, help: "CSV file with hourly values; '-' reads standard input.")
    var input: String

    @Option(name: .long, help: "Hours to forecast (and the backtest horizon).")
    var horizon = 72

    @Option(name: .long, help: "Instead of forecasting, backtest from N rolling origins.")
    var backtest: Int?

    @Option(name: .long, help: "Hours between backtest origins (default: the horizon).")
    var step: Int?

    @Option(name: .long, help: "Declared promotion period START/END (ISO 8601, end exclusive); repeatable.")
    var promotion: [String] = []

    @Option(name: .long, help: "Holiday calendar CSV (label,date,days_before,days_after,lift): holidays' days are forecast with what the same holiday did in past years.")
    var holidays: String?

    @Option(name: .long, help: "Most recent hours of each series used for fitting.")
    var historyHours = ForecastConfiguration().maximumHistoryHours

    @Option(name: .long, help: "Daily origins of each series' own backtest used to choose its model.")
    var selectionOrigins = ForecastConfiguration().selectionOrigins

    @Flag(name: .long, help: "Print fit+forecast microseconds per series to standard error.")
    var timing = false

    @Option(name: .long, help: "Draw each series' last two weeks, its forecast and the 80/95 % bands as SVG in this file (FILE-<series>.svg for several).")
    var plot: String?

    @Flag(name: .long, help: "Print each series' chosen model and the backtest WAPE of every candidate to standard error (always done with --backtest); with --backtest, add a row per candidate model.")
    var explain = false

    func validate() throws {
        guard horizon > 0 else { throw ValidationError("--horizon must be at least 1") }
        if let backtest, backtest < 1 { throw ValidationError("--backtest must be at least 1") }
        guard historyHours >= 24 else { throw ValidationError("--history-hours must be at least 24") }
        guard selectionOrigins >= 0 else { throw ValidationError("--selection-origins cannot be negative") }
    }

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try input == "-" ? Array(FileHandle.standardInput.readDataToEndOfFile()) : Array(Data(contentsOf: URL(fileURLWithPath: input)))
        } catch {
            throw failure("\(input): cannot read: \(error.localizedDescription)")
        }
        let allSeries: [NamedHourlySeries]
        do {
            allSeries = try SeriesCSVReader.read(bytes: bytes)
        } catch {
            throw failure("\(input):\(error.line): \(error.message)")
        }
        let configuration = ForecastConfiguration(
            maximumHistoryHours: historyHours, selectionOrigins: selectionOrigins,
            selectionHorizon: min(horizon, 168), promotions: try promotions(), holidays: try holidayCalendar()
        )
        let named = allSeries.count > 1 || !(allSeries.first?.name.isEmpty ?? true)
        if let backtest {
            try runBacktest(allSeries, origins: backtest, configuration: configuration, named: named)
        } else {
            runForecast(allSeries, configuration: configuration, named: named)
        }
    }

    private func runForecast(_ allSeries: [NamedHourlySeries], configuration: ForecastConfiguration, named: Bool) {
        var output = ForecastCSVWriter(named: named)
        output.writeForecastHeader()
        var totalMicroseconds = 0.0
        for entry in allSeries {
            let started = ContinuousClock.now
            let model = SeriesModel.fit(entry.series, configuration: configuration)
            let forecast = model.forecast(horizon: horizon)
            let elapsed = ContinuousClock.now - started
            let microseconds = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
            totalMicroseconds += microseconds
            if timing {
                Self.writeError("timing,\(entry.name),\(model.method),\(String(format: "%.0f", microseconds))")
            }
            if explain { Self.writeError(Self.explanation(model, series: entry.name)) }
            if let plot {
                let path = allSeries.count == 1 ? plot : Self.plotPath(plot, series: entry.name)
                let recent = Self.recent(entry.series, hours: 336)
                let svg = ForecastChart.svg(
                    title: "\(entry.name.isEmpty ? "series" : entry.name): \(model.method), next \(horizon) hours", actuals: recent,
                    forecast: forecast.points, promotions: configuration.shadedPeriods, standalone: true
                )
                if FileManager.default.createFile(atPath: path, contents: Data(svg.utf8)) {
                    Self.writeError("plotted \(entry.name.isEmpty ? "the series" : entry.name) to \(path)")
                } else {
                    Self.writeError("\(path): cannot write the plot")
                }
            }
            output.writeForecast(forecast, series: entry.name)
            if output.text.utf8.count > 1 << 16 { Self.writeOutput(output.drain()) }
        }
        Self.writeOutput(output.drain())
        if timing {
            let perSeries = totalMicroseconds / Double(max(allSeries.count, 1))
            Self.writeError("timing-total,series=\(allSeries.count),microseconds_per_series=\(String(format: "%.1f", perSeries))")
        }
    }

    private func runBacktest(_ allSeries: [NamedHourlySeries], origins: Int, configuration: ForecastConfiguration, named: Bool) throws {
        var output = ForecastCSVWriter(named: named)
        output.writeBacktestHeader()
        for entry in allSeries {
            guard let result = RollingOriginBacktest.run(
                series: entry.series, origins: origins, horizon: horizon, step: step, configuration: configuration,
                scoringCandidates: explain
            ) else {
                throw failure("\(input): series '\(entry.name)' is too short to backtest \(origins) origins of \(horizon) hours")
            }
            output.writeBacktest(result, series: entry.name)
            Self.writeOutput(output.drain())
            Self.writeError(Self.explanation(SeriesModel.fit(entry.series, configuration: configuration), series: entry.name))
        }
    }

    /// `model,<series>,<method>,<candidate>=<WAPE>;…`: why the series got its model.
    static func explanation(_ model: SeriesModel, series: String) -> String {
        let candidates = model.candidateScores.map { "\($0.method)=\(String(format: "%.4f", $0.wape))" }.joined(separator: ";")
        return "model,\(series),\(model.method),\(candidates.isEmpty ? "chosen without a backtest (too little history)" : candidates)"
    }

    /// `plots/out.svg` and series `sku:A` → `plots/out-sku-A.svg`.
    static func plotPath(_ path: String, series: String) -> String {
        let safe = String(series.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let suffix = url.pathExtension.isEmpty ? "svg" : url.pathExtension
        return url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(safe).\(suffix)").path
    }

    /// The last `hours` of a series.
    static func recent(_ series: HourlySeries, hours: Int) -> HourlySeries {
        let keep = min(series.values.count, hours)
        return HourlySeries(startHour: series.endHour - Int64(keep) * HourlySeries.secondsPerHour, values: Array(series.values.suffix(keep)))
    }

    private func holidayCalendar() throws -> [Holiday] {
        guard let holidays else { return [] }
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: holidays), encoding: .utf8)
        } catch {
            throw failure("\(holidays): cannot read: \(error.localizedDescription)")
        }
        do {
            return try HolidayCalendarCSV.parse(text)
        } catch {
            throw failure("\(holidays):\(error.line): \(error.message)")
        }
    }

    private func promotions() throws -> [PromotionPeriod] {
        try promotion.map { text in
            let parts = text.split(separator: "/")
            guard parts.count == 2,
                  let start = try? ISO8601Hour.parse(parts[0]), let end = try? ISO8601Hour.parse(parts[1]), end > start
            else { throw ValidationError("--promotion '\(text)' is not START/END with ISO 8601 hours, END after START") }
            return PromotionPeriod(startHour: start, endHour: end, label: text)
        }
    }

    private static func writeOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func failure(_ message: String) -> ExitCode {
        Self.writeError(message)
        return ExitCode(1)
    }
}
