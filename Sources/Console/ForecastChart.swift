import Forecasting
import Foundation

/// A forecast drawn as SVG: actual hours, the forecast line, its 80 % and 95 % bands, promotions shaded, and the
/// hour the forecast starts; the console's forecast screen and `channelgate forecast --plot` both draw with it.
public enum ForecastChart {
    /// The chart's size in SVG user units.
    public struct Size: Sendable {
        public let width: Double
        public let height: Double

        /// Creates a Size from its parts.
        public init(width: Double = 960, height: Double = 320) {
            self.width = width
            self.height = height
        }
    }

    /// An SVG document (or element, when `standalone` is false) of `actuals` (values per hour from `actuals.startHour`)
    /// followed by `forecast`, titled `title`.
    public static func svg(
        title: String, actuals: HourlySeries, forecast: [ForecastPoint], promotions: [PromotionPeriod] = [], size: Size = Size(),
        standalone: Bool = false
    ) -> String {
        let margin = (left: 48.0, right: 12.0, top: 24.0, bottom: 28.0)
        let first = actuals.values.isEmpty ? (forecast.first?.hour ?? 0) : actuals.startHour
        let last = max(forecast.last.map { $0.hour + HourlySeries.secondsPerHour } ?? actuals.endHour, first + HourlySeries.secondsPerHour)
        let peak = max(actuals.values.max() ?? 0, forecast.map(\.upper95).filter(\.isFinite).max() ?? 0, 1) * 1.1
        let plotWidth = size.width - margin.left - margin.right
        let plotHeight = size.height - margin.top - margin.bottom
        func x(_ hour: Int64) -> Double { margin.left + Double(hour - first) / Double(last - first) * plotWidth }
        func y(_ value: Double) -> Double { margin.top + plotHeight - max(0, min(value, peak)) / peak * plotHeight }
        func point(_ hour: Int64, _ value: Double) -> String { number(x(hour)) + "," + number(y(value)) }

        var parts: [String] = []
        parts.append("<title>" + HTML.escape(title) + "</title>")
        for promotion in promotions where promotion.endHour > first && promotion.startHour < last {
            let start = x(max(promotion.startHour, first))
            let end = x(min(promotion.endHour, last))
            parts.append(
                "<rect class=\"promo\" x=\"\(number(start))\" y=\"\(number(margin.top))\" width=\"\(number(end - start))\" height=\"\(number(plotHeight))\">"
                    + "<title>" + HTML.escape(promotion.label) + "</title></rect>"
            )
        }
        parts += axes(first: first, last: last, peak: peak, margin: margin, size: size, x: x, y: y)
        let middle = { (item: ForecastPoint) in item.hour + HourlySeries.secondsPerHour / 2 }
        if !forecast.isEmpty {
            let upper95 = forecast.map { point(middle($0), $0.upper95) }
            let lower95 = forecast.reversed().map { point(middle($0), $0.lower95) }
            parts.append("<polygon class=\"band95\" points=\"" + (upper95 + lower95).joined(separator: " ") + "\"/>")
            let upper80 = forecast.map { point(middle($0), $0.upper80) }
            let lower80 = forecast.reversed().map { point(middle($0), $0.lower80) }
            parts.append("<polygon class=\"band80\" points=\"" + (upper80 + lower80).joined(separator: " ") + "\"/>")
            parts.append("<polyline class=\"forecast\" points=\"" + forecast.map { point(middle($0), $0.value) }.joined(separator: " ") + "\"/>")
            let now = number(x(forecast[0].hour))
            parts.append("<line class=\"now\" x1=\"\(now)\" x2=\"\(now)\" y1=\"\(number(margin.top))\" y2=\"\(number(margin.top + plotHeight))\"/>")
        }
        if !actuals.values.isEmpty {
            let line = actuals.values.enumerated().map { index, value in
                point(actuals.startHour + Int64(index) * HourlySeries.secondsPerHour + HourlySeries.secondsPerHour / 2, value)
            }
            parts.append("<polyline class=\"actual\" points=\"" + line.joined(separator: " ") + "\"/>")
        }
        if standalone {
            parts.append("<text class=\"title\" x=\"\(number(margin.left))\" y=\"16\">" + HTML.escape(title) + "</text>")
        }
        let label = HTML.escape(title)
        let open = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(size.width)) \(number(size.height))\" role=\"img\" aria-label=\"\(label)\">"
        let body = open + parts.joined() + "</svg>"
        return standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + standaloneStyle(body) : body
    }

    private static func axes(
        first: Int64, last: Int64, peak: Double, margin: (left: Double, right: Double, top: Double, bottom: Double), size: Size,
        x: (Int64) -> Double, y: (Double) -> Double
    ) -> [String] {
        var parts: [String] = []
        let bottom = size.height - margin.bottom
        parts.append("<line class=\"axis\" x1=\"\(number(margin.left))\" x2=\"\(number(size.width - margin.right))\" y1=\"\(number(bottom))\" y2=\"\(number(bottom))\"/>")
        let step = tickStep(peak / 1.1)
        var value = 0.0
        while value <= peak {
            parts.append(
                "<line class=\"axis\" x1=\"\(number(margin.left - 4))\" x2=\"\(number(margin.left))\" y1=\"\(number(y(value)))\" y2=\"\(number(y(value)))\"/>"
                    + "<text class=\"axis\" x=\"\(number(margin.left - 6))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\">\(label(value))</text>"
            )
            value += step
        }
        let day: Int64 = 86_400
        var midnight = (first / day + 1) * day
        let every = max(1, (last - first) / day / 10)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MM-dd"
        while midnight < last {
            let position = number(x(midnight))
            parts.append(
                "<line class=\"axis\" x1=\"\(position)\" x2=\"\(position)\" y1=\"\(number(bottom))\" y2=\"\(number(bottom + 4))\"/>"
                    + "<text class=\"axis\" x=\"\(position)\" y=\"\(number(bottom + 16))\" text-anchor=\"middle\">"
                    + formatter.string(from: Date(timeIntervalSince1970: Double(midnight))) + "</text>"
            )
            midnight += day * every
        }
        return parts
    }

    /// A round step giving about five ticks up to `maximum`.
    static func tickStep(_ maximum: Double) -> Double {
        let raw = max(maximum, 1) / 5
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2.0, 5.0, 10.0] where raw <= factor * magnitude { return factor * magnitude }
        return 10 * magnitude
    }

    static func label(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A file of its own carries its styles (the console's stylesheet styles the inline chart).
    private static func standaloneStyle(_ svg: String) -> String {
        let style = "<style>.band95{fill:#9ec5ee;opacity:.35}.band80{fill:#5b9bd5;opacity:.5}.forecast{fill:none;stroke:#1f5fa8;stroke-width:2}"
            + ".actual{fill:none;stroke:#222;stroke-width:1.5}.promo{fill:#f2b233;opacity:.25}.axis{stroke:#999;fill:#666;font:11px sans-serif}"
            + "text.axis{stroke:none}.now{stroke:#888;stroke-dasharray:4 3}.title{font:bold 13px sans-serif;fill:#222}</style>"
        guard let end = svg.firstIndex(of: ">") else { return svg }
        let afterOpen = svg.index(after: end)
        return String(svg[..<afterOpen]) + style + String(svg[afterOpen...])
    }
}
