import Foundation

/// Writes forecasts and backtest results as CSV text (a `series` column first when `named`).
public struct ForecastCSVWriter: Sendable {
    /// Whether rows start with the series name.
    public let named: Bool
    /// Text written so far.
    public private(set) var text = ""

    /// Creates a writer.
    public init(named: Bool) {
        self.named = named
    }

    /// `timestamp,forecast,lo80,hi80,lo95,hi95` (after `series,` when named).
    public mutating func writeForecastHeader() {
        text += (named ? "series," : "") + "timestamp,forecast,lo80,hi80,lo95,hi95\n"
    }

    /// One row per forecast hour.
    public mutating func writeForecast(_ forecast: Forecast, series: String) {
        for point in forecast.points {
            if named { text += series + "," }
            text += ISO8601Hour.format(point.hour)
            for value in [point.value, point.lower80, point.upper80, point.lower95, point.upper95] {
                text += "," + Self.number(value)
            }
            text += "\n"
        }
    }

    /// Header of backtest rows.
    public mutating func writeBacktestHeader() {
        text += (named ? "series," : "") + "model,origins,horizon,wape,mase,coverage80,coverage95,sum_abs_error,sum_actual,selected\n"
    }

    /// One row per method of a backtest result, then one per scored candidate (`candidate:<method>`).
    public mutating func writeBacktest(_ result: RollingOriginBacktest.Result, series: String) {
        let selected = result.selectedCounts.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            .map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        for method in result.methods + result.candidates.map({ RollingOriginBacktest.MethodAccuracy(name: "candidate:" + $0.name, metrics: $0.metrics) }) {
            let metrics = method.metrics
            if named { text += series + "," }
            let fields = [
                method.name, String(result.origins), String(result.horizon),
                metrics.wape.map(Self.ratio) ?? "", metrics.mase.map(Self.ratio) ?? "",
                metrics.coverage80.map(Self.ratio) ?? "", metrics.coverage95.map(Self.ratio) ?? "",
                Self.number(metrics.absoluteErrorSum), Self.number(metrics.actualSum),
                method.name == "channelgate" ? selected : "",
            ]
            text += fields.joined(separator: ",") + "\n"
        }
    }

    /// Takes the text written so far, leaving the writer empty.
    public mutating func drain() -> String {
        defer { text = "" }
        return text
    }

    /// Two decimals without going through `String(format:)` (the hot path when writing many series).
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(format: "%.2f", value) }
        let hundredths = Int64((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        let sign = value < 0 && hundredths > 0 ? "-" : ""
        return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
    private static func ratio(_ value: Double) -> String { String(format: "%.4f", value) }
}
