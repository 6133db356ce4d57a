import Access
import Console
import Forecasting
import Foundation
import UseCases

/// The console's forecast screen: a series picker, the chart, accuracy, the chosen model and stocking.
struct ConsoleForecastRoutes {
    let services: ChannelGateServices

    func register(on console: ConsoleRouter) {
        console.get("/console/forecasts", scope: AccessScope.ordersRead) { call in
            let book = services.forecasting.book
            let prefix = ForecastCore.key(call.session.tenant, "")
            let names = await book.seriesNames.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            let asked = call.query.string("series")
            if let asked, !names.contains(asked) {
                throw ConsoleFailure(status: .notFound, code: "not_found", message: "no series \(asked)")
            }
            let current = asked ?? (names.contains("total") ? "total" : names.first)
            let key = current.map { ForecastCore.key(call.session.tenant, $0) }
            let forecast = await key.asyncMap { await book.forecast(series: $0, horizon: 72) } ?? nil
            let isSKU = current.map { $0.hasPrefix("sku:") || $0.contains("|sku:") } ?? false
            let page = ForecastPage(
                names: names, current: current, history: await key.asyncMap { await book.history(series: $0) } ?? nil, forecast: forecast,
                model: await key.asyncMap { await book.model(series: $0) } ?? nil, tracker: await key.asyncMap { await book.accuracy(series: $0) } ?? nil,
                stocking: isSKU ? await key.asyncMap { await book.stocking(series: $0, leadTimeHours: 72, serviceLevel: 0.95) } ?? nil : nil,
                promotions: await book.configuration.promotions
            )
            return .page("forecasts", page, title: "Forecasts", section: .forecasts)
        }
    }
}

extension Optional where Wrapped: Sendable {
    /// `transform` applied to the value when there is one.
    func asyncMap<Value>(_ transform: (Wrapped) async -> Value) async -> Value? {
        guard case .some(let value) = self else { return nil }
        return await transform(value)
    }
}
