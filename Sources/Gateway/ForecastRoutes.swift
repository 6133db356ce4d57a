import Access
import UseCases
import Forecasting
import Foundation
import Hummingbird

/// `GET /v1/forecasts` (the tenant's series), `GET /v1/forecasts?series=&horizon=` (the next hours with 80/95 %
/// intervals), `GET /v1/forecasts/accuracy?series=` and `GET /v1/stocking?node=&sku=&leadTimeHours=&serviceLevel=`.
struct ForecastRoutes {
    let core: ForecastCore

    func register(on router: DeclaredRouter) {
        router.get("/v1/forecasts", .read(.other)) { request, context in
            let query = QueryParameters(request: request)
            guard let series = query.string("series") else {
                let prefix = ForecastCore.key(context.tenant, "")
                let names = await core.book.seriesNames.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                return Response.json("{\"series\":[" + names.map(JSONText.quoted).joined(separator: ",") + "]}")
            }
            let horizon = Int(try query.integer("horizon", default: 72, range: 1...336))
            let forecast = try await forecast(series, context: context, horizon: horizon)
            let method = await core.book.model(series: ForecastCore.key(context.tenant, series)).map { "\($0.method)" } ?? "unknown"
            let points = forecast.points.map { point in
                "{\"hour\":" + JSONText.quoted(ISO8601Hour.format(point.hour)) + ",\"forecast\":" + Self.number(point.value) + ",\"lo80\":"
                    + Self.number(point.lower80) + ",\"hi80\":" + Self.number(point.upper80) + ",\"lo95\":" + Self.number(point.lower95)
                    + ",\"hi95\":" + Self.number(point.upper95) + "}"
            }
            return Response.json("{\"series\":" + JSONText.quoted(series) + ",\"method\":" + JSONText.quoted(method) + ",\"horizon\":" + String(horizon)
                + ",\"points\":[" + points.joined(separator: ",") + "]}")
        }
        router.get("/v1/forecasts/accuracy", .read(.other)) { request, context in
            let query = QueryParameters(request: request)
            guard let series = query.string("series") else { throw APIError.badParameter("series", "series is required") }
            guard let tracker = await core.book.accuracy(series: ForecastCore.key(context.tenant, series)) else {
                throw APIError.notFound("series \(series)")
            }
            let history = tracker.history.suffix(Int(try query.integer("limit", default: 168, range: 1...10_000))).map { entry in
                "{\"hour\":" + JSONText.quoted(ISO8601Hour.format(entry.hour)) + ",\"actual\":" + Self.number(entry.actual) + ",\"forecast\":"
                    + Self.number(entry.forecast.value) + ",\"lo80\":" + Self.number(entry.forecast.lower80) + ",\"hi80\":"
                    + Self.number(entry.forecast.upper80) + "}"
            }
            return Response.json("{\"series\":" + JSONText.quoted(series) + ",\"total\":" + Self.describe(tracker.total) + ",\"last24Hours\":"
                + Self.describe(tracker.recent(hours: 24)) + ",\"last168Hours\":" + Self.describe(tracker.recent(hours: 168)) + ",\"history\":["
                + history.joined(separator: ",") + "]}")
        }
        router.get("/v1/stocking", .read(.other)) { request, context in
            let query = QueryParameters(request: request)
            guard let sku = query.string("sku") else { throw APIError.badParameter("sku", "sku is required") }
            let series = query.string("node").map { "node:" + $0 + "|sku:" + sku } ?? "sku:" + sku
            let lead = Int(try query.integer("leadTimeHours", default: 72, range: 1...336))
            let levelText = query.string("serviceLevel") ?? "0.95"
            guard let level = Double(levelText), level > 0.5, level < 0.9999 else {
                throw APIError.badParameter("serviceLevel", "serviceLevel is a probability between 0.5 and 0.9999")
            }
            _ = try await forecast(series, context: context, horizon: lead)
            guard let suggestion = await core.book.stocking(series: ForecastCore.key(context.tenant, series), leadTimeHours: lead, serviceLevel: level) else {
                throw APIError(.conflict, code: "insufficient_history", message: "\(series) has too little history for a forecast", field: "series")
            }
            return Response.json("{\"series\":" + JSONText.quoted(series) + ",\"leadTimeHours\":" + String(lead) + ",\"serviceLevel\":" + String(level)
                + ",\"leadTimeDemand\":" + Self.number(suggestion.leadTimeDemand) + ",\"safetyStock\":" + Self.number(suggestion.safetyStock)
                + ",\"suggestedStock\":" + Self.number(suggestion.suggestedStock) + "}")
        }
    }

    func forecast(_ series: String, context: GatewayRequestContext, horizon: Int) async throws -> Forecast {
        let key = ForecastCore.key(context.tenant, series)
        guard await core.book.seriesNames.contains(key) else { throw APIError.notFound("series \(series)") }
        guard let forecast = await core.book.forecast(series: key, horizon: horizon) else {
            throw APIError(.conflict, code: "insufficient_history", message: "\(series) needs at least 24 closed hours before it can be forecast", field: "series")
        }
        return forecast
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3f", value) : "null"
    }

    static func describe(_ metrics: AccuracyMetrics) -> String {
        "{\"hours\":" + String(metrics.count) + ",\"wape\":" + (metrics.wape.map(number) ?? "null") + ",\"mase\":" + (metrics.mase.map(number) ?? "null")
            + ",\"coverage80\":" + (metrics.coverage80.map(number) ?? "null") + ",\"coverage95\":" + (metrics.coverage95.map(number) ?? "null") + "}"
    }
}
